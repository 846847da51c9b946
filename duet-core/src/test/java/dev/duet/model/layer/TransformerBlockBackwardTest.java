/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;


import dev.duet.tensor.Activation;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The block's gradient rule: its input gradient against the dense tangent rule (dot-product
 * test), its parameter gradients against central differences, its traced forward against the
 * plain one.
 */
class TransformerBlockBackwardTest {

    private static final int BATCH = 3;
    private static final int ROWS = 5;
    private static final int WIDTH = 16;
    private static final int INTERMEDIATE = 24;
    private static final int HEADS = 2;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void tracedForwardEqualsForward(boolean causal) {
        Random random = new Random(1);
        TransformerBlock block = randomBlock(random, causal);
        float[] x = gaussian(random, BATCH * ROWS * WIDTH, 1.0);
        float[] plain = x.clone();
        TransformerBlock.forwardAll(java.util.List.of(block), Parallel.serial(), plain, BATCH, ROWS);
        float[] traced = x.clone();
        block.forward(Parallel.serial(), traced, block.derivativeTrace(BATCH, ROWS, 0, ROWS));
        assertArrayEquals(plain, traced, 0f);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void inputGradientIsTheTransposeOfTheTangent(boolean causal) {
        Random random = new Random(2);
        TransformerBlock block = randomBlock(random, causal);
        int n = ROWS * WIDTH;
        float[] x = gaussian(random, BATCH * n, 1.0);
        float[] v = gaussian(random, BATCH * n, 1.0);
        float[] w = gaussian(random, BATCH * n, 1.0);
        double left = 0;
        double scale = 0;
        for (int b = 0; b < BATCH; b++) {
            TransformerBlock.Trace trace = block.derivativeTrace(1, ROWS, 0, ROWS);
            block.forward(Parallel.serial(), slice(x, b, n), trace);
            float[] jv = block.tangent(Parallel.serial(), trace, slice(v, b, n), 1);
            left += dot(jv, slice(w, b, n));
            scale += norm(jv) * norm(slice(w, b, n));
        }
        float[] output = x.clone();
        TransformerBlock.Trace trace = block.derivativeTrace(BATCH, ROWS, 0, ROWS);
        try (Parallel parallel = Parallel.of(2)) {
            block.forward(parallel, output, trace);
            float[] jtw = w.clone();
            block.backward(parallel, trace, jtw, null, true);
            assertEquals(left, dot(v, jtw), 1e-5 * scale, "<Jv, w> vs <v, J^T w>");
        }
    }

    /** Objective {@code <w, block(x)>}; every parameter tensor, a few entries each, against central differences. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void parameterGradientsMatchDifferences(boolean causal) {
        Random random = new Random(causal ? 3 : 4);
        TransformerBlock block = randomBlock(random, causal);
        float[] x = gaussian(random, BATCH * ROWS * WIDTH, 1.0);
        float[] w = gaussian(random, x.length, 1.0);
        checkAgainstDifferences(random, block, x, w, 0, ROWS);
    }

    /**
     * A trace of some query rows (a top block read at its pooled row): the objective reads only
     * those rows' outputs, so its gradients are those of the whole block's, taken by differences
     * of the plain forward over every row.
     */
    @ParameterizedTest
    @CsvSource({"true, 0, 1", "false, 0, 1", "true, 2, 2", "false, 4, 1"})
    void queryRowGradientsMatchDifferences(boolean causal, int queryFrom, int queryCount) {
        Random random = new Random(5 + queryFrom);
        TransformerBlock block = randomBlock(random, causal);
        float[] x = gaussian(random, BATCH * ROWS * WIDTH, 1.0);
        float[] w = gaussian(random, x.length, 1.0);
        for (int b = 0; b < BATCH; b++) {
            for (int r = 0; r < ROWS; r++) {
                if (r < queryFrom || r >= queryFrom + queryCount) {
                    java.util.Arrays.fill(w, (b * ROWS + r) * WIDTH, (b * ROWS + r + 1) * WIDTH, 0f);
                }
            }
        }
        checkAgainstDifferences(random, block, x, w, queryFrom, queryCount);
    }

    private static void checkAgainstDifferences(Random random, TransformerBlock block, float[] x, float[] w,
                                                int queryFrom, int queryCount) {
        BlockWeights gradients = zeros();
        float[] output = x.clone();
        TransformerBlock.Trace trace = block.derivativeTrace(BATCH, ROWS, queryFrom, queryCount);
        block.forward(Parallel.serial(), output, trace);
        float[] dX = w.clone();
        block.backward(Parallel.serial(), trace, dX, gradients, true);

        float[][] parameters = block.weights().parameters();
        float[][] analytic = gradients.parameters();
        for (int t = 0; t < parameters.length; t++) {
            float[] parameter = parameters[t];
            double largest = 0;
            for (float g : analytic[t]) {
                largest = Math.max(largest, Math.abs(g));
            }
            for (int sample = 0; sample < 4; sample++) {
                int index = sample == 0 ? argmaxAbs(analytic[t]) : random.nextInt(parameter.length);
                float saved = parameter[index];
                double numeric = centralDifference(() -> objective(block, x, w), v -> parameter[index] = (float) (saved + v));
                parameter[index] = saved;
                assertEquals(numeric, analytic[t][index], 2e-2 * Math.abs(numeric) + 2e-3 * largest,
                        "parameter " + t + " entry " + index);
            }
        }
        for (int sample = 0; sample < 6; sample++) {
            int index = sample == 0 ? argmaxAbs(dX) : random.nextInt(x.length);
            float saved = x[index];
            double numeric = centralDifference(() -> objective(block, x, w), v -> x[index] = (float) (saved + v));
            x[index] = saved;
            assertEquals(numeric, dX[index], 2e-2 * Math.abs(numeric) + 2e-3, "input entry " + index);
        }
    }

    /** Richardson-extrapolated central difference (error O(h^4)), step large enough to beat float rounding. */
    static double centralDifference(java.util.function.DoubleSupplier objective, java.util.function.DoubleConsumer shift) {
        double h = 1e-2;
        double[] d = new double[2];
        for (int k = 0; k < 2; k++) {
            double step = h / (1 << k);
            shift.accept(step);
            double plus = objective.getAsDouble();
            shift.accept(-step);
            double minus = objective.getAsDouble();
            d[k] = (plus - minus) / (2 * step);
        }
        return (4 * d[1] - d[0]) / 3;
    }

    private static double objective(TransformerBlock block, float[] x, float[] w) {
        float[] y = x.clone();
        TransformerBlock.forwardAll(java.util.List.of(block), Parallel.serial(), y, BATCH, ROWS);
        return dot(y, w);
    }

    static TransformerBlock randomBlock(Random random, boolean causal) {
        int d = WIDTH;
        int i = INTERMEDIATE;
        double s = 1.0 / Math.sqrt(d);
        BlockWeights weights = new BlockWeights(
                around(random, d, 1.0, 0.2), gaussian(random, d, 0.2),
                gaussian(random, 3 * d * d, s), gaussian(random, 3 * d, 0.2),
                gaussian(random, d * d, s), gaussian(random, d, 0.2),
                around(random, d, 1.0, 0.2), gaussian(random, d, 0.2),
                gaussian(random, i * d, s), gaussian(random, i, 0.2),
                gaussian(random, d * i, 1.0 / Math.sqrt(i)), gaussian(random, d, 0.2));
        return new TransformerBlock(weights, d, i, HEADS, causal, Activation.QUICK_GELU, 1e-5f);
    }

    private static BlockWeights zeros() {
        int d = WIDTH;
        int i = INTERMEDIATE;
        return new BlockWeights(new float[d], new float[d], new float[3 * d * d], new float[3 * d],
                new float[d * d], new float[d], new float[d], new float[d],
                new float[i * d], new float[i], new float[d * i], new float[d]);
    }

    private static float[] around(Random random, int length, double centre, double spread) {
        float[] values = gaussian(random, length, spread);
        for (int k = 0; k < length; k++) {
            values[k] += (float) centre;
        }
        return values;
    }

    private static int argmaxAbs(float[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (Math.abs(values[k]) > Math.abs(values[best])) {
                best = k;
            }
        }
        return best;
    }

    static float[] gaussian(Random random, int length, double scale) {
        float[] values = new float[length];
        for (int k = 0; k < length; k++) {
            values[k] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    static float[] slice(float[] values, int index, int length) {
        float[] part = new float[length];
        System.arraycopy(values, index * length, part, 0, length);
        return part;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += (double) a[k] * b[k];
        }
        return sum;
    }

    static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
