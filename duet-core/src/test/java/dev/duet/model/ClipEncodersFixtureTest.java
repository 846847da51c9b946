/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Embeddings of the tiny fixture checkpoint against PyTorch's (fixtures/tiny/embeddings.json). */
class ClipEncodersFixtureTest {

    private static ClipCheckpoint checkpoint;
    private static JsonNode expected;

    @BeforeAll
    static void load() {
        checkpoint = ClipCheckpoint.load(Fixtures.tinyModel());
        expected = Fixtures.json("tiny/embeddings.json");
    }

    @Test
    void textEmbeddingsMatchPyTorch() {
        TextEncoder encoder = new TextEncoder(checkpoint.config().text(), checkpoint.weights().text(),
                checkpoint.config().projectionDim());
        List<int[]> captions = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            captions.add(Fixtures.captionIds(c));
        }
        float[][] embeddings = encoder.encode(Parallel.of(2), captions);
        for (int c = 0; c < 6; c++) {
            assertClose(Fixtures.floats(expected.get("text_embeddings").get(c)), embeddings[c], 1e-5, "caption " + c);
        }
    }

    @Test
    void imageEmbeddingsMatchPyTorch() {
        VisionEncoder encoder = new VisionEncoder(checkpoint.config().vision(), checkpoint.weights().vision(),
                checkpoint.config().projectionDim());
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(Fixtures.cropPixels(i));
        }
        float[][] embeddings = encoder.encode(Parallel.of(2), images);
        for (int i = 0; i < 6; i++) {
            assertClose(Fixtures.floats(expected.get("image_embeddings").get(i)), embeddings[i], 1e-5, "image " + i);
        }
    }

    @Test
    void referenceTextEmbeddingMatchesPyTorch() {
        TextEncoder encoder = new TextEncoder(checkpoint.config().text(), checkpoint.weights().text(),
                checkpoint.config().projectionDim());
        int[] reference = Fixtures.ints(expected.get("reference_text_ids"));
        float[][] embedding = encoder.encode(Parallel.serial(), List.of(reference));
        assertClose(Fixtures.floats(expected.get("reference_text_embedding")), embedding[0], 1e-5, "reference text");
    }

    @Test
    void logitScaleIsRead() {
        assertEquals(expected.get("logit_scale").asDouble(), checkpoint.weights().logitScale(), 1e-6);
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        if (worst > tolerance) {
            throw new AssertionError(what + ": max |diff| " + worst + " > " + tolerance);
        }
    }
}
