/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gradient rule of attention is the transpose of its tangent rule: {@code <J v, w> = <v, J^T w>}. */
class AttentionBackwardTest {

    @ParameterizedTest
    @CsvSource({
            "7, 12, 3, 0, 7, true",
            "7, 12, 3, 0, 7, false",
            "9, 8, 1, 0, 9, false",
            "6, 16, 4, 2, 3, true",
            "5, 6, 2, 4, 1, false"})
    void backwardIsTheTransposeOfTheTangent(int rows, int width, int heads, int queryFrom, int queryCount, boolean causal) {
        Random random = new Random(rows * 31L + width + heads + queryFrom);
        Attention.Shape shape = new Attention.Shape(rows, width, heads, queryFrom, queryCount, causal);
        float[] qkv = gaussian(random, rows * 3 * width, 1.0);
        float[] out = new float[queryCount * width];
        float[] probs = new float[heads * queryCount * rows];
        Attention.forward(Parallel.serial(), out, probs, qkv, shape, 1);

        float[] v = gaussian(random, rows * 3 * width, 1.0);
        float[] w = gaussian(random, queryCount * width, 1.0);
        float[] jv = new float[queryCount * width];
        Attention.tangent(Parallel.serial(), jv, v, qkv, probs, shape, 1);
        float[] jtw = new float[rows * 3 * width];
        Attention.backward(Parallel.serial(), jtw, w, qkv, probs, shape, 1);

        double left = dot(jv, w);
        double right = dot(v, jtw);
        assertEquals(left, right, 1e-5 * (Math.abs(left) + norm(jv) * norm(w)), "<Jv, w> vs <v, J^T w>");
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void batchedBackwardEqualsOneSequenceAtATime(boolean causal) {
        Random random = new Random(5);
        int rows = 5;
        int width = 8;
        int heads = 2;
        int batch = 3;
        Attention.Shape shape = Attention.Shape.full(rows, width, heads, causal);
        float[] qkv = gaussian(random, batch * rows * 3 * width, 1.0);
        float[] out = new float[batch * rows * width];
        float[] probs = new float[batch * heads * rows * rows];
        Attention.forward(Parallel.of(2), out, probs, qkv, shape, batch);
        float[] dOut = gaussian(random, out.length, 1.0);
        float[] dQkv = new float[qkv.length];
        try (Parallel parallel = Parallel.of(2)) {
            Attention.backward(parallel, dQkv, dOut, qkv, probs, shape, batch);
        }
        for (int b = 0; b < batch; b++) {
            float[] single = new float[rows * 3 * width];
            Attention.backward(Parallel.serial(), single, slice(dOut, b, rows * width), slice(qkv, b, rows * 3 * width),
                    slice(probs, b, heads * rows * rows), shape, 1);
            assertArrayEquals(single, slice(dQkv, b, rows * 3 * width), 0f, "sequence " + b);
        }
    }

    static float[] slice(float[] values, int index, int length) {
        float[] part = new float[length];
        System.arraycopy(values, index * length, part, 0, length);
        return part;
    }

    static float[] gaussian(Random random, int length, double scale) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
