/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each scalar twin that a process starts on ({@link ScalarStart}) gives its vector kernel's bits,
 * on shapes with and without a tail of fewer than a vector's lanes, so a result never shows which
 * form ran.
 */
class ScalarTwinsTest {

    private static final int LANES = Lanes.count();
    private final Random random = new Random(17);

    @Test
    void laneSumsFollowTheVectorTree() {
        for (int trial = 0; trial < 200; trial++) {
            float[] values = spread(LANES);
            float byVector = Lanes.sum(FloatVector.fromArray(Lanes.SPECIES, values, 0));
            assertBits(byVector, Lanes.sum(values.clone()), "trial " + trial);
        }
    }

    @Test
    void dotProductsGiveTheVectorKernelsBits() {
        int[] depths = {1, LANES - 1, LANES, LANES + 3, 2 * LANES, 2 * LANES + 5, 3 * LANES + 1, 128, 600};
        for (int k : depths) {
            for (int[] shape : new int[][] {{1, 3}, {4, 4}, {5, 9}, {7, 130}, {13, 67}}) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    int m = shape[0];
                    int n = shape[1];
                    int lda = k + 2;
                    int ldb = k + 1;
                    int ldc = n + 3;
                    float[] a = spread(m * lda + 4);
                    float[] b = spread(n * ldb + 3);
                    float[] byVectors = spread(m * ldc + 2);
                    float[] byScalars = byVectors.clone();
                    DotGemm.vectorMultiply(0, m, 0, n, k, a, 4, lda, b, 3, ldb, byVectors, 2, ldc, accumulate);
                    DotGemm.scalarMultiply(0, m, 0, n, k, a, 4, lda, b, 3, ldb, byScalars, 2, ldc, accumulate);
                    for (int i = 0; i < byVectors.length; i++) {
                        assertBits(byVectors[i], byScalars[i], m + "x" + n + "x" + k + " entry " + i);
                    }
                }
            }
        }
    }

    @Test
    void softmaxRowsGiveTheVectorFormsBits() {
        for (int length = 0; length <= 3 * LANES + 2; length++) {
            for (int visible : new int[] {0, 1, length / 2, length}) {
                if (visible > length) {
                    continue;
                }
                float[] byVectors = spread(length + 5);
                byVectors[1] = visible > 0 ? 30f : byVectors[1];   // a large score: the shift matters
                float[] byScalars = byVectors.clone();
                float scale = 0.17678f;
                Attention.vectorSoftmaxRow(byVectors, 1, length, visible, scale);
                Attention.scalarSoftmaxRow(byScalars, 1, length, visible, scale);
                for (int i = 0; i < byVectors.length; i++) {
                    assertBits(byVectors[i], byScalars[i], "length " + length + " visible " + visible + " entry " + i);
                }
            }
        }
    }

    @Test
    void layerNormRowsGiveTheVectorFormsBits() {
        for (int width : new int[] {1, 3, LANES - 1, LANES, LANES + 1, 2 * LANES + 7, 128, 129}) {
            int rows = 3;
            float[] x = spread(rows * width);
            float[] gain = spread(width);
            float[] bias = spread(width);
            for (boolean inPlace : new boolean[] {false, true}) {
                float[] xVector = x.clone();
                float[] xScalar = x.clone();
                float[] yVector = inPlace ? xVector : new float[rows * width];
                float[] yScalar = inPlace ? xScalar : new float[rows * width];
                float[] normalizedVector = new float[rows * width];
                float[] normalizedScalar = new float[rows * width];
                float[] rstdVector = new float[rows];
                float[] rstdScalar = new float[rows];
                for (int r = 0; r < rows; r++) {
                    LayerNorm.vectorForwardRow(yVector, xVector, gain, bias, r, width, 1e-5f, normalizedVector, rstdVector);
                    LayerNorm.scalarForwardRow(yScalar, xScalar, gain, bias, r, width, 1e-5f, normalizedScalar, rstdScalar);
                }
                for (int i = 0; i < rows * width; i++) {
                    assertBits(yVector[i], yScalar[i], "width " + width + " y " + i);
                    assertBits(normalizedVector[i], normalizedScalar[i], "width " + width + " xh " + i);
                }
                for (int r = 0; r < rows; r++) {
                    assertBits(rstdVector[r], rstdScalar[r], "width " + width + " rstd " + r);
                }
            }
        }
    }

    @Test
    void sigmoidGatesVectorFormsGiveTheScalarBits() {
        for (float slope : new float[] {1.702f, 1f}) {
            int length = 3 * LANES + 5;
            float[] in = spread(length + 2);
            in[3] = 90f;
            in[4] = -90f;
            float[] out = new float[length + 2];
            float[] slopes = new float[length];
            Activation.SigmoidGate.vectorForward(out, in, 2, length, slope);
            Activation.SigmoidGate.vectorDerivatives(slopes, in, 2, length, slope);
            for (int i = 0; i < length; i++) {
                assertBits(Activation.SigmoidGate.apply(in[2 + i], slope), out[2 + i], "f at " + i);
                assertBits(Activation.SigmoidGate.derivative(in[2 + i], slope), slopes[i], "f' at " + i);
            }
        }
    }

    /** Values of mixed signs and magnitudes (1e-3 to 1e3), so that the order of a sum shows in its last bits. */
    private float[] spread(int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
        }
        return values;
    }

    private static void assertBits(float expected, float actual, String where) {
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual), where + ": " + expected + " vs " + actual);
    }
}
