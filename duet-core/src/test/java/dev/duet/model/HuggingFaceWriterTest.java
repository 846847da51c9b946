/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.TensorInfo;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer against the fixture checkpoint exported by transformers' conventions: the same
 * tensor names and shapes (logit_scale 0-dimensional as on the hub), and a round trip
 * through {@link ClipCheckpoint#load} that keeps every value.
 */
class HuggingFaceWriterTest {

    @Test
    void writesTheKeyNamesAndShapesOfTheReferenceExport(@TempDir Path directory) throws IOException {
        ClipCheckpoint fixture = ClipCheckpoint.load(Fixtures.tinyModel());
        HuggingFaceWriter.write(directory, fixture.config(), fixture.weights(), DType.F32, Map.of("step", "7"));
        Map<String, String> expected = shapes(Fixtures.tinyModel().resolve("model.safetensors"));
        Map<String, String> written = shapes(directory.resolve("model.safetensors"));
        assertEquals("[1]", expected.remove("logit_scale"));
        assertEquals("[]", written.remove("logit_scale"));
        expected.keySet().removeIf(name -> name.endsWith("position_ids"));
        assertEquals(expected, written);
        try (SafetensorsFile file = SafetensorsFile.open(directory.resolve("model.safetensors"))) {
            assertEquals("7", file.metadata().get("step"));
            assertEquals("pt", file.metadata().get("format"));
        }
    }

    @Test
    void roundTripKeepsEveryValueInFloat32(@TempDir Path directory) throws IOException {
        ClipCheckpoint fixture = ClipCheckpoint.load(Fixtures.tinyModel());
        HuggingFaceWriter.write(directory, fixture.config(), fixture.weights(), DType.F32, Map.of());
        ClipCheckpoint reloaded = ClipCheckpoint.load(directory);
        assertEquals(fixture.config(), reloaded.config());
        assertEquals(fixture.weights().logitScale(), reloaded.weights().logitScale());
        float[][] before = all(fixture.weights());
        float[][] after = all(reloaded.weights());
        assertEquals(before.length, after.length);
        for (int i = 0; i < before.length; i++) {
            assertArrayEquals(before[i], after[i], 0f, "tensor " + i);
        }
    }

    @Test
    void float16KeepsValuesToHalfPrecision(@TempDir Path directory) throws IOException {
        ClipCheckpoint fixture = ClipCheckpoint.load(Fixtures.tinyModel());
        HuggingFaceWriter.write(directory, fixture.config(), fixture.weights(), DType.F16, Map.of());
        ClipCheckpoint reloaded = ClipCheckpoint.load(directory);
        float[][] before = all(fixture.weights());
        float[][] after = all(reloaded.weights());
        for (int i = 0; i < before.length; i++) {
            for (int j = 0; j < before[i].length; j++) {
                float value = before[i][j];
                assertEquals(value, after[i][j], Math.abs(value) * 1e-3 + 1e-7, "tensor " + i + " entry " + j);
            }
        }
        assertTrue(directory.resolve("config.json").toFile().length() > 0);
    }

    private static Map<String, String> shapes(Path file) {
        Map<String, String> shapes = new TreeMap<>();
        try (SafetensorsFile safetensors = SafetensorsFile.open(file)) {
            for (TensorInfo info : safetensors.tensors().values()) {
                shapes.put(info.name(), Arrays.toString(info.shape()));
            }
        }
        return shapes;
    }

    private static float[][] all(ClipWeights weights) {
        TextWeights text = weights.text();
        VisionWeights vision = weights.vision();
        java.util.List<float[]> list = new java.util.ArrayList<>(java.util.List.of(text.tokenEmbedding(),
                text.positionEmbedding(), text.finalNormGain(), text.finalNormBias(), text.projection(),
                vision.patchWeight(), vision.classEmbedding(), vision.positionEmbedding(), vision.preNormGain(),
                vision.preNormBias(), vision.postNormGain(), vision.postNormBias(), vision.projection()));
        for (BlockWeights block : text.blocks()) {
            list.addAll(Arrays.asList(block.parameters()));
        }
        for (BlockWeights block : vision.blocks()) {
            list.addAll(Arrays.asList(block.parameters()));
        }
        return list.toArray(new float[0][]);
    }
}
