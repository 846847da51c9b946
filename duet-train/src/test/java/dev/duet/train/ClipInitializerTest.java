/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ClipInitializerTest {

    @Test
    void initialisationIsClipLikeAndReproducible() {
        ModelSpec spec = ModelSpec.small(2000, 1998, 1999);
        ClipParameters a = ClipInitializer.initialize(spec.toConfig(), 11);
        ClipParameters b = ClipInitializer.initialize(spec.toConfig(), 11);
        ClipParameters c = ClipInitializer.initialize(spec.toConfig(), 12);
        List<ParameterTensor> tensors = a.tensors();
        for (int i = 0; i < tensors.size(); i++) {
            ParameterTensor tensor = tensors.get(i);
            assertArrayEquals(tensor.values(), b.tensors().get(i).values(), 0f, "same seed: " + tensor.name());
            float[] v = tensor.values();
            switch (tensor.role()) {
                case WEIGHT, EMBEDDING -> {
                    assertFalse(Arrays.equals(v, c.tensors().get(i).values()), "other seed: " + tensor.name());
                    double mean = 0;
                    double squares = 0;
                    for (float x : v) {
                        mean += x;
                        squares += (double) x * x;
                    }
                    mean /= v.length;
                    double std = Math.sqrt(squares / v.length - mean * mean);
                    // five standard errors of the sample standard deviation and mean
                    assertEquals(0.02, std, 5 * 0.02 / Math.sqrt(2.0 * v.length), tensor.name());
                    assertEquals(0, mean, 5 * 0.02 / Math.sqrt(v.length), tensor.name());
                }
                case NORM_GAIN -> assertArrayEquals(filled(v.length, 1f), v, 0f, tensor.name());
                case BIAS, NORM_BIAS -> assertArrayEquals(new float[v.length], v, 0f, tensor.name());
                case LOGIT_SCALE -> assertEquals(Math.log(1 / 0.07), v[0], 1e-6);
            }
        }
    }

    @Test
    void smallSpecHasTheAdvertisedSizes() {
        var config = ModelSpec.small(4096, 4094, 4095).toConfig();
        assertEquals(128, config.text().width());
        assertEquals(4, config.text().layers());
        assertEquals(4, config.text().heads());
        assertEquals(4096, config.text().vocabSize());
        assertEquals(65, config.vision().rows());
        assertEquals(128, config.projectionDim());
    }

    private static float[] filled(int length, float value) {
        float[] values = new float[length];
        Arrays.fill(values, value);
        return values;
    }
}
