/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.ClipCheckpoint;
import dev.duet.model.TextEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first-order baseline against central differences of the cosine computed by the plain
 * inference forward: {@code m_j} is the derivative of s along y scaled on row j alone.
 */
class BaselineMapsTest {

    private static TextEncoder text;
    private static VisionEncoder vision;

    @BeforeAll
    static void load() {
        ClipCheckpoint checkpoint = ClipCheckpoint.load(Fixtures.tinyModel());
        text = new TextEncoder(checkpoint.config().text(), checkpoint.weights().text(), checkpoint.config().projectionDim());
        vision = new VisionEncoder(checkpoint.config().vision(), checkpoint.weights().vision(), checkpoint.config().projectionDim());
    }

    @ParameterizedTest(name = "image layer {0}")
    @ValueSource(ints = {0, 1})
    void gradientTimesInputIsTheDerivativeAlongEachRow(int layer) {
        Parallel serial = Parallel.serial();
        float[] pixels = Fixtures.cropPixels(0);
        float[] phrase = text.encode(serial, List.of(Fixtures.captionIds(1)))[0];
        float[] map = new BaselineMaps(vision, layer, serial).of(pixels).gradientTimesInput(phrase);
        float[] y = vision.hiddenState(serial, pixels, layer);
        int width = vision.config().width();
        assertEquals(vision.config().rows() - 1, map.length);
        double largest = 0;
        for (float value : map) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertTrue(largest > 0, "a map of zeros");
        for (int j = 0; j < map.length; j++) {
            double h = 1e-2;   // the cosine is smooth; float rounding, not truncation, limits the step
            double numeric = (cosine(scaledRow(y, 1 + j, width, h), layer, phrase)
                    - cosine(scaledRow(y, 1 + j, width, -h), layer, phrase)) / (2 * h);
            assertEquals(numeric, map[j], 1e-2 * largest + 1e-2 * Math.abs(numeric), "patch " + j);
        }
    }

    /** y with row r multiplied by (1 + h): the direction y restricted to row r, step h. */
    private static float[] scaledRow(float[] y, int row, int width, double h) {
        float[] moved = y.clone();
        for (int d = 0; d < width; d++) {
            moved[row * width + d] = (float) (y[row * width + d] * (1 + h));
        }
        return moved;
    }

    /** cos(image embedding from state y at the cut, e) by the inference forward. */
    private static double cosine(float[] y, int layer, float[] e) {
        float[] x = y.clone();
        List<TransformerBlock> above = vision.blocks().subList(layer, vision.blocks().size());
        TransformerBlock.forwardAll(above, Parallel.serial(), x, 1, vision.config().rows());
        float[] z = vision.head().embed(java.util.Arrays.copyOf(x, vision.config().width()));
        double dot = 0;
        for (int p = 0; p < z.length; p++) {
            dot += (double) z[p] * e[p];
        }
        return dot / (Vectors.norm(z) * Vectors.norm(e));
    }
}
