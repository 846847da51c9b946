/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The array forms of each activation (vectorised where an activation overrides them, split over
 * threads) against its scalar {@code apply} and {@code derivative}, bit for bit, at offsets and
 * lengths that leave vector tails, on values from the small to beyond exp's overflow.
 */
class ActivationTest {

    private static float[] values(int length) {
        Random random = new Random(7);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = switch (i % 4) {
                case 0 -> (float) random.nextGaussian();
                case 1 -> (float) (random.nextGaussian() * 30);
                case 2 -> (float) (random.nextGaussian() * 1e-4);
                default -> (i % 8 == 3 ? 1 : -1) * (80f + random.nextFloat() * 40f);
            };
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void arrayFormsGiveTheScalarBits(Activation activation) {
        float[] in = values(70_001);
        int offset = 5;
        int length = in.length - offset - 2;
        float[] out = new float[in.length];
        activation.forward(out, in, offset, length);
        float[] slope = new float[length];
        activation.derivatives(slope, in, offset, length);
        for (int i = 0; i < length; i++) {
            float x = in[offset + i];
            assertEquals(Float.floatToIntBits(activation.apply(x)), Float.floatToIntBits(out[offset + i]), "f(" + x + ")");
            assertEquals(Float.floatToIntBits(activation.derivative(x)), Float.floatToIntBits(slope[i]), "f'(" + x + ")");
        }
        float[] split = new float[in.length];
        try (Parallel parallel = Parallel.of(2)) {
            activation.forward(parallel, split, in, in.length);
        }
        float[] whole = new float[in.length];
        activation.forward(whole, in, 0, in.length);
        for (int i = 0; i < in.length; i++) {
            assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(split[i]), "element " + i);
        }
    }
}
