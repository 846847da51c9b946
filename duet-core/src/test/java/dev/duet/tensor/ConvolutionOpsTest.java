/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The convolutional ops against direct formulas written out index by index (the reference),
 * and their gradient rules against the transpose identity {@code <A v, w> = <v, A^T w>}.
 */
class ConvolutionOpsTest {

    private static float[] random(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** PyTorch's definition: y[b][o][oy][ox] = bias[o] + sum_{c,ky,kx} w[o][c][ky][kx] x[b][c][oy*s-p+ky][ox*s-p+kx], in channel-last storage. */
    private static float[] directConvolution(float[] x, float[] w, float[] bias, Convolution.Shape s, int batch) {
        int outH = s.outHeight();
        int outW = s.outWidth();
        int k = s.kernel();
        float[] y = new float[batch * outH * outW * s.outChannels()];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < s.outChannels(); o++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        double sum = bias == null ? 0 : bias[o];
                        for (int c = 0; c < s.inChannels(); c++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * s.stride() - s.padding().top() + ky;
                                    int ix = ox * s.stride() - s.padding().left() + kx;
                                    if (iy >= 0 && iy < s.height() && ix >= 0 && ix < s.width()) {
                                        sum += w[((o * s.inChannels() + c) * k + ky) * k + kx]
                                                * x[((b * s.height() + iy) * s.width() + ix) * s.inChannels() + c];
                                    }
                                }
                            }
                        }
                        y[((b * outH + oy) * outW + ox) * s.outChannels() + o] = (float) sum;
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0}x{1}x{2} -> {3}, kernel {4} stride {5} padding {6}")
    @CsvSource({"7,5,3,4,3,1,1", "8,8,2,3,3,2,1", "6,6,4,5,1,1,0", "9,7,3,2,3,2,0", "224,224,3,8,3,2,1"})
    void forwardAndGradientsMatchTheDefinition(int h, int w, int in, int out, int k, int stride, int padding) {
        checkAgainstTheDefinition(new Convolution.Shape(h, w, in, out, k, stride, padding));
    }

    /** EfficientNet's stem (zeros right and bottom only) and its strided depthwise "same" padding, on odd and even maps. */
    @ParameterizedTest(name = "{0}x{1}, kernel {2} stride {3}, padding top {4} left {5} bottom {6} right {7}")
    @CsvSource({"8,8,3,2,0,0,1,1", "7,9,5,2,1,1,2,2", "6,5,3,1,0,1,2,0"})
    void asymmetricPaddingMatchesTheDefinition(int h, int w, int k, int stride, int top, int left, int bottom, int right) {
        checkAgainstTheDefinition(new Convolution.Shape(h, w, 3, 4, k, stride,
                new Convolution.Padding(top, left, bottom, right)));
    }

    private static void checkAgainstTheDefinition(Convolution.Shape shape) {
        int h = shape.height();
        int k = shape.kernel();
        int in = shape.inChannels();
        int out = shape.outChannels();
        Random random = new Random(h * 31 + k);
        int batch = 2;
        float[] x = random(random, batch * shape.inputSize());
        float[] weight = random(random, out * in * k * k);
        float[] bias = random(random, out);
        float[] y = new float[batch * shape.outHeight() * shape.outWidth() * out];
        try (Parallel parallel = Parallel.of(2)) {
            Convolution.forward(parallel, y, x, weight, bias, shape, batch);
            float[] expected = directConvolution(x, weight, bias, shape, batch);
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i], y[i], 1e-4 * (1 + Math.abs(expected[i])), "output " + i);
            }
            // <conv(v), g> = <v, conv^T g> and, conv being linear in W, <conv_V(x), g> = <V, dW>
            float[] g = random(random, y.length);
            float[] v = random(random, x.length);
            float[] tangent = new float[y.length];
            Convolution.tangent(parallel, tangent, v, weight, shape, batch);
            float[] dx = new float[x.length];
            float[] dWeight = new float[weight.length];
            float[] dBias = new float[out];
            Convolution.backward(parallel, dx, dWeight, dBias, g, x, weight, shape, batch);
            double left = dot(tangent, g);
            assertEquals(left, dot(v, dx), 1e-4 * Math.sqrt(dot(tangent, tangent) * dot(g, g)), "input gradient");
            float[] direction = random(random, weight.length);
            float[] byWeight = directConvolution(x, direction, null, shape, batch);
            double expectedWeight = dot(byWeight, g);
            assertEquals(expectedWeight, dot(direction, dWeight), 1e-4 * Math.sqrt(dot(byWeight, byWeight) * dot(g, g)),
                    "weight gradient");
            double sum = 0;
            double magnitude = 0;
            for (int i = 0; i < g.length; i++) {
                sum += g[i];
                magnitude += Math.abs(g[i]);
            }
            double biasTotal = 0;
            for (float b : dBias) {
                biasTotal += b;
            }
            // float sums over many positions: rounding grows with the summed magnitude
            assertEquals(sum, biasTotal, 1e-6 * magnitude, "bias gradient");
        }
    }

    @Test
    void batchNormIsTheNormalisationWithRunningStatistics() {
        Random random = new Random(7);
        int c = 5;
        int rows = 6;
        float[] gamma = random(random, c);
        float[] beta = random(random, c);
        float[] mean = random(random, c);
        float[] var = new float[c];
        for (int i = 0; i < c; i++) {
            var[i] = 0.5f + random.nextFloat();
        }
        BatchNorm norm = BatchNorm.of(gamma, beta, mean, var, 1e-5f);
        float[] x = random(random, rows * c);
        float[] y = new float[x.length];
        norm.forward(Parallel.serial(), y, x, rows);
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < c; i++) {
                double expected = (x[r * c + i] - mean[i]) / Math.sqrt(var[i] + 1e-5) * gamma[i] + beta[i];
                assertEquals(expected, y[r * c + i], 1e-5 * (1 + Math.abs(expected)));
            }
        }
        // parameter gradients against central differences of <y, g>
        float[] g = random(random, x.length);
        float[] dGamma = new float[c];
        float[] dBeta = new float[c];
        float[] dx = g.clone();
        norm.backward(dx, x, dGamma, dBeta, rows);
        for (int i = 0; i < c; i++) {
            float[] plus = gamma.clone();
            float[] minus = gamma.clone();
            plus[i] += 1e-2f;
            minus[i] -= 1e-2f;
            double numeric = (objective(BatchNorm.of(plus, beta, mean, var, 1e-5f), x, g, rows)
                    - objective(BatchNorm.of(minus, beta, mean, var, 1e-5f), x, g, rows)) / 2e-2;
            assertEquals(numeric, dGamma[i], 1e-2 * (1 + Math.abs(numeric)), "gamma " + i);
            double beta0 = 0;
            for (int r = 0; r < rows; r++) {
                beta0 += g[r * c + i];
            }
            assertEquals(beta0, dBeta[i], 1e-4, "beta " + i);
            assertEquals(g[i] * norm.scale()[i], dx[i], 1e-6, "input " + i);
        }
    }

    private static double objective(BatchNorm norm, float[] x, float[] g, int rows) {
        float[] y = new float[x.length];
        norm.forward(Parallel.serial(), y, x, rows);
        return dot(y, g);
    }

    @Test
    void averagePoolMeansWindowsAndItsGradientIsTheTranspose() {
        Random random = new Random(9);
        int batch = 2;
        int h = 6;
        int w = 5;
        int c = 3;
        int k = 2;
        float[] x = random(random, batch * h * w * c);
        int outH = h / k;
        int outW = w / k;
        float[] y = new float[batch * outH * outW * c];
        AveragePool.forward(Parallel.serial(), y, x, batch, h, w, c, k);
        for (int b = 0; b < batch; b++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    for (int ch = 0; ch < c; ch++) {
                        double sum = 0;
                        for (int dy = 0; dy < k; dy++) {
                            for (int dx = 0; dx < k; dx++) {
                                sum += x[((b * h + oy * k + dy) * w + ox * k + dx) * c + ch];
                            }
                        }
                        assertEquals(sum / (k * k), y[((b * outH + oy) * outW + ox) * c + ch], 1e-6);
                    }
                }
            }
        }
        float[] g = random(random, y.length);
        float[] v = random(random, x.length);
        float[] pooled = new float[y.length];
        AveragePool.forward(Parallel.serial(), pooled, v, batch, h, w, c, k);
        float[] dx = new float[x.length];
        AveragePool.backward(Parallel.serial(), dx, g, batch, h, w, c, k);
        assertEquals(dot(pooled, g), dot(v, dx), 1e-5);
    }
}
