/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The training forward of both towers (the one the gradients are taken of) against the
 * embeddings PyTorch computed for the tiny fixture checkpoint (fixtures/tiny/embeddings.json).
 */
class TowerForwardFixtureTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path fixtures;
    private static ClipCheckpoint checkpoint;
    private static JsonNode expected;

    @BeforeAll
    static void load() throws IOException {
        fixtures = Path.of(System.getProperty("duet.shared"), "fixtures");
        assertTrue(Files.isDirectory(fixtures), "fixtures not found at " + fixtures);
        checkpoint = ClipCheckpoint.load(fixtures.resolve("models/tiny"));
        expected = JSON.readTree(fixtures.resolve("tiny/embeddings.json").toFile());
    }

    @Test
    void textTowerMatchesPyTorch() throws IOException {
        JsonNode inputs = JSON.readTree(fixtures.resolve("inputs.json").toFile());
        List<int[]> captions = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            JsonNode ids = inputs.get("token_ids").get(c);
            int[] padded = new int[ids.size()];
            for (int i = 0; i < padded.length; i++) {
                padded[i] = ids.get(i).asInt();
            }
            captions.add(Arrays.copyOf(padded, inputs.get("eos_index").get(c).asInt() + 1));
        }
        TextTowerTrainer tower = new TextTowerTrainer(checkpoint.config().text(), checkpoint.weights().text(),
                checkpoint.config().projectionDim(), TowerTraining.all());
        float[] embeddings = tower.forward(Parallel.of(2), captions).embeddings();
        assertRows(expected.get("text_embeddings"), embeddings, "caption");
    }

    @Test
    void visionTowerMatchesPyTorch() throws IOException {
        List<float[]> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(cropPixels(expected.get("pixels").get(i).get("crop_png").asText()));
        }
        VisionTowerTrainer tower = new VisionTowerTrainer(new VisionEncoder(checkpoint.config().vision(),
                checkpoint.weights().vision(), checkpoint.config().projectionDim()), TowerTraining.all());
        float[] embeddings = tower.forward(Parallel.of(2), images, false).embeddings();
        assertRows(expected.get("image_embeddings"), embeddings, "image");
    }

    private static void assertRows(JsonNode rows, float[] actual, String what) {
        int width = checkpoint.config().projectionDim();
        assertEquals(rows.size() * width, actual.length);
        for (int r = 0; r < rows.size(); r++) {
            for (int k = 0; k < width; k++) {
                assertEquals(rows.get(r).get(k).asDouble(), actual[r * width + k], 1e-5, what + " " + r + " entry " + k);
            }
        }
    }

    /** The fixture crop as CLIP's float input, {@code (u8 / 255 - mean) / std}, CHW. */
    private static float[] cropPixels(String relative) throws IOException {
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        BufferedImage image = ImageIO.read(fixtures.resolve(relative).toFile());
        int w = image.getWidth();
        int h = image.getHeight();
        float[] chw = new float[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    chw[(c * h + y) * w + x] = (((rgb >> (16 - 8 * c)) & 0xff) / 255f - mean[c]) / std[c];
                }
            }
        }
        return chw;
    }
}
