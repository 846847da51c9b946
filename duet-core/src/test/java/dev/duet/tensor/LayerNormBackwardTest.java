/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.duet.tensor.AttentionBackwardTest.dot;
import static dev.duet.tensor.AttentionBackwardTest.gaussian;
import static dev.duet.tensor.AttentionBackwardTest.norm;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** LayerNorm's gradient rule against its tangent rule (dot-product test) and its parameter gradients. */
class LayerNormBackwardTest {

    private static final int ROWS = 4;
    private static final int WIDTH = 24;

    @Test
    void inputGradientIsTheTransposeOfTheTangent() {
        Random random = new Random(11);
        float[] x = gaussian(random, ROWS * WIDTH, 2.0);
        float[] gain = gaussian(random, WIDTH, 1.0);
        float[] bias = gaussian(random, WIDTH, 1.0);
        float[] y = new float[x.length];
        float[] normalized = new float[x.length];
        float[] rstd = new float[ROWS];
        LayerNorm.forward(y, x, gain, bias, ROWS, WIDTH, 1e-5f, normalized, rstd);

        float[] v = gaussian(random, x.length, 1.0);
        float[] w = gaussian(random, x.length, 1.0);
        float[] jv = new float[x.length];
        LayerNorm.tangent(jv, v, normalized, rstd, gain, ROWS, WIDTH, 1);
        float[] jtw = new float[x.length];
        LayerNorm.backward(Parallel.serial(), jtw, null, null, w, normalized, rstd, gain, ROWS, WIDTH);

        double left = dot(jv, w);
        assertEquals(left, dot(v, jtw), 1e-5 * norm(jv) * norm(w), "<Jv, w> vs <v, J^T w>");
    }

    /** {@code <w, LN(x)>} is affine in gain and bias, so a central difference is exact up to rounding. */
    @Test
    void parameterGradientsMatchDifferences() {
        Random random = new Random(12);
        float[] x = gaussian(random, ROWS * WIDTH, 2.0);
        float[] gain = gaussian(random, WIDTH, 1.0);
        float[] bias = gaussian(random, WIDTH, 1.0);
        float[] w = gaussian(random, x.length, 1.0);
        float[] normalized = new float[x.length];
        float[] rstd = new float[ROWS];
        LayerNorm.forward(new float[x.length], x, gain, bias, ROWS, WIDTH, 1e-5f, normalized, rstd);
        float[] dGain = new float[WIDTH];
        float[] dBias = new float[WIDTH];
        LayerNorm.backward(Parallel.serial(), new float[x.length], dGain, dBias, w, normalized, rstd, gain, ROWS, WIDTH);
        for (int i = 0; i < WIDTH; i++) {
            assertEquals(difference(x, gain, bias, w, gain, i), dGain[i], 2e-3, "dGain " + i);
            assertEquals(difference(x, gain, bias, w, bias, i), dBias[i], 2e-3, "dBias " + i);
        }
    }

    private static double difference(float[] x, float[] gain, float[] bias, float[] w, float[] parameter, int index) {
        float saved = parameter[index];
        float step = 0.25f;
        parameter[index] = saved + step;
        double plus = objective(x, gain, bias, w);
        parameter[index] = saved - step;
        double minus = objective(x, gain, bias, w);
        parameter[index] = saved;
        return (plus - minus) / (2 * step);
    }

    private static double objective(float[] x, float[] gain, float[] bias, float[] w) {
        float[] y = new float[x.length];
        LayerNorm.forward(y, x, gain, bias, ROWS, WIDTH, 1e-5f, null, null);
        return dot(y, w);
    }
}
