/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.testing;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random inputs and tolerant comparisons shared by the model families' reference tests. */
public final class Samples {

    private Samples() {
    }

    /** {@code n} standard normal values from {@code random}, as float32. */
    public static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** Rows of equal length laid end to end ({@code [rows][cols]} -> {@code [rows * cols]}). */
    public static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * rows[r].length, rows[r].length);
        }
        return flat;
    }

    /** Largest absolute difference within {@code relative} of the largest magnitude in {@code expected}. */
    public static void assertClose(float[] expected, float[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= relative * scale, what + ": differs by " + worst + " at scale " + scale);
    }
}
