/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The scalar twin that computes a process's first tiles gives the vector kernels' bits, for A read in place
 * (row-major, through its row stride; transposed) and packed (the last two, with 512-bit vectors, on the kernel
 * for rows side by side), with the product stored and added, at depths with and without a remainder of the
 * vector length.
 */
class MicroKernelTest {

    @Test
    void theScalarTwinGivesTheVectorKernelsBits() {
        Random random = new Random(14);
        int mr = MicroKernel.MR;
        int nr = MicroKernel.NR;
        for (int kc : new int[] {1, 7, 32, 257}) {
            int lda = kc + 3;
            float[] a = values(random, (kc + mr + 2) * lda);
            float[] panel = values(random, kc * nr + 5);
            int[][] layouts = {{5, lda, 1}, {5, 1, lda}, {2, 1, mr}};   // {aAt, aRow, aStep}: in place, transposed, packed
            for (int[] layout : layouts) {
                for (boolean addToC : new boolean[] {false, true}) {
                    int ldc = nr + 9;
                    float[] start = values(random, 4 + mr * ldc);
                    float[] byVectors = start.clone();
                    float[] byScalars = start.clone();
                    MicroKernel.vectorTile(kc, a, layout[0], layout[1], layout[2], panel, 5, byVectors, 4, ldc, addToC);
                    MicroKernel.scalarTile(kc, a, layout[0], layout[1], layout[2], panel, 5, byScalars, 4, ldc, addToC);
                    assertArrayEquals(byVectors, byScalars, 0f, "kc " + kc + ", aRow " + layout[1] + ", aStep "
                            + layout[2] + ", addToC " + addToC);
                }
            }
        }
    }

    private static float[] values(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
