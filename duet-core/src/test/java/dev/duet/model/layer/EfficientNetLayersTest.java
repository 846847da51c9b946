/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.BatchNorm;
import dev.duet.tensor.Convolution;
import dev.duet.tensor.DepthwiseConvolution;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EfficientNet's units (depthwise convolution, squeeze-and-excitation, MBConv): the depthwise
 * op against its definition index by index, every tangent against central finite differences of
 * the forward, and every cotangent against its tangent by {@code <J v, w> = <v, J^T w>}.
 */
class EfficientNetLayersTest {

    private static float[] random(Random random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (scale * random.nextGaussian());
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

    private static BatchNorm norm(Random random, int c) {
        float[] var = new float[c];
        for (int i = 0; i < c; i++) {
            var[i] = 0.5f + random.nextFloat();
        }
        return BatchNorm.of(random(random, c, 0.5), random(random, c, 0.3), random(random, c, 0.3), var, 1e-3f);
    }

    /** Central differences (f(x + e v) - f(x - e v)) / 2e, in double from float forwards. */
    private static double[] finiteDifference(Function<float[], float[]> f, float[] x, float[] v, double e) {
        float[] plus = x.clone();
        float[] minus = x.clone();
        for (int i = 0; i < x.length; i++) {
            plus[i] = (float) (x[i] + e * v[i]);
            minus[i] = (float) (x[i] - e * v[i]);
        }
        float[] up = f.apply(plus);
        float[] down = f.apply(minus);
        double[] d = new double[up.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((double) up[i] - down[i]) / (2 * e);
        }
        return d;
    }

    /** Every entry of the tangent within 1% of the largest difference (float forwards, e = 1e-2). */
    private static void assertMatches(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        assertTrue(scale > 1e-3, what + ": the finite difference is all but zero");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-2 * scale, what + " entry " + i);
        }
    }

    @ParameterizedTest(name = "{0}x{1}, kernel {2} stride {3}, padding {4},{5},{6},{7}")
    @CsvSource({"7,7,3,1,1,1,1,1", "8,8,3,2,0,0,1,1", "9,6,5,2,1,1,2,2", "6,6,5,2,2,2,2,2"})
    void depthwiseMatchesTheDefinitionAndItsTranspose(int h, int w, int k, int stride, int top, int left, int bottom,
                                                      int right) {
        Random random = new Random(h * 7 + k);
        int c = 37;   // whole vectors of channels and a tail, at 4, 8 or 16 lanes
        int batch = 2;
        Convolution.Shape shape = new Convolution.Shape(h, w, c, c, k, stride, new Convolution.Padding(top, left, bottom,
                right));
        float[] x = random(random, batch * shape.inputSize(), 1);
        float[] weight = random(random, c * k * k, 1);
        float[] y = new float[batch * shape.outputSize()];
        try (Parallel parallel = Parallel.of(2)) {
            DepthwiseConvolution.forward(parallel, y, x, weight, shape, batch);
            int outH = shape.outHeight();
            int outW = shape.outWidth();
            for (int b = 0; b < batch; b++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        for (int ci = 0; ci < c; ci++) {
                            double sum = 0;
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * stride - top + ky;
                                    int ix = ox * stride - left + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        sum += weight[(ci * k + ky) * k + kx] * x[((b * h + iy) * w + ix) * c + ci];
                                    }
                                }
                            }
                            assertEquals(sum, y[((b * outH + oy) * outW + ox) * c + ci], 1e-5 * (1 + Math.abs(sum)));
                        }
                    }
                }
            }
            float[] g = random(random, y.length, 1);
            float[] v = random(random, x.length, 1);
            float[] tangent = new float[y.length];
            DepthwiseConvolution.tangent(parallel, tangent, v, weight, shape, batch);
            float[] dx = new float[x.length];
            float[] dWeight = new float[weight.length];
            DepthwiseConvolution.backward(parallel, dx, dWeight, g, x, weight, shape, batch);
            double bound = 1e-4 * Math.sqrt(dot(tangent, tangent) * dot(g, g));
            assertEquals(dot(tangent, g), dot(v, dx), bound, "input gradient");
            float[] direction = random(random, weight.length, 1);
            float[] byWeight = new float[y.length];
            DepthwiseConvolution.forward(parallel, byWeight, x, direction, shape, batch);
            assertEquals(dot(byWeight, g), dot(direction, dWeight), 1e-4 * Math.sqrt(dot(byWeight, byWeight) * dot(g, g)),
                    "weight gradient");
        }
    }

    private static SqueezeExcite excite(Random random, int c, int squeezed) {
        return new SqueezeExcite(random(random, squeezed * c, 0.5), random(random, squeezed, 0.3),
                random(random, c * squeezed, 0.5), random(random, c, 0.3), c, squeezed);
    }

    private static ConvNorm pointwise(Random random, int in, int out) {
        return new ConvNorm(random(random, out * in, 1 / Math.sqrt(in)), in, out, 1, 1, 0, norm(random, out));
    }

    private static MBConv block(Random random, int in, int out, int ratio, int kernel, int stride,
                                Convolution.Padding padding, boolean residual) {
        int inner = in * ratio;
        return new MBConv(ratio == 1 ? null : pointwise(random, in, inner),
                ConvNorm.depthwise(random(random, inner * kernel * kernel, 0.4), inner, kernel, stride, padding,
                        norm(random, inner)),
                excite(random, inner, Math.max(1, in / 4)), pointwise(random, inner, out), residual);
    }

    @Test
    void squeezeExciteTangentIsTheDerivativeAndItsCotangentTheTranspose() {
        Random random = new Random(11);
        int c = 6;
        int n = 10;
        SqueezeExcite layer = excite(random, c, 2);
        float[] x = random(random, n * c, 1);
        Parallel parallel = Parallel.serial();
        SqueezeExcite.Trace trace = layer.forward(parallel, x, 1, n);
        int directions = 3;
        float[] v = random(random, directions * n * c, 1);
        float[] tangents = layer.tangent(parallel, trace, v, directions);
        for (int s = 0; s < directions; s++) {
            float[] direction = java.util.Arrays.copyOfRange(v, s * n * c, (s + 1) * n * c);
            assertMatches(finiteDifference(p -> layer.forward(parallel, p, 1, n).output(), x, direction, 1e-2),
                    java.util.Arrays.copyOfRange(tangents, s * n * c, (s + 1) * n * c), "direction " + s);
        }
        float[] w = random(random, tangents.length, 1);
        float[] cotangents = layer.cotangent(parallel, trace, w, directions);
        assertEquals(dot(tangents, w), dot(v, cotangents), 1e-4 * Math.sqrt(dot(tangents, tangents) * dot(w, w)));
    }

    /** Kinds of blocks ALIGN has: with and without expansion, strided (TF-style padding) and residual. */
    @ParameterizedTest(name = "in {0} out {1} ratio {2} kernel {3} stride {4} residual {5}")
    @CsvSource({"4,4,1,3,1,false", "4,4,3,3,1,true", "4,6,4,3,2,false", "3,5,6,5,2,false"})
    void mbConvTangentIsTheDerivativeAndItsCotangentTheTranspose(int in, int out, int ratio, int kernel, int stride,
                                                                boolean residual) {
        Random random = new Random(in * 13 + kernel * 3 + stride);
        Convolution.Padding padding = stride == 2
                ? new Convolution.Padding(kernel / 2 - 1, kernel / 2 - 1, kernel / 2, kernel / 2)
                : Convolution.Padding.uniform(kernel / 2);
        MBConv layer = block(random, in, out, ratio, kernel, stride, padding, residual);
        int side = 6;
        float[] x = random(random, side * side * in, 1);
        try (Parallel parallel = Parallel.of(2)) {
            MBConv.Trace trace = layer.forward(parallel, x, 1, side, side);
            int outSide = layer.outSize(side);
            assertEquals(outSide * outSide * out, trace.output().length);
            int directions = 2;
            float[] v = random(random, directions * x.length, 1);
            float[] tangents = layer.tangent(parallel, trace, v, directions);
            int outLength = trace.output().length;
            for (int s = 0; s < directions; s++) {
                float[] direction = java.util.Arrays.copyOfRange(v, s * x.length, (s + 1) * x.length);
                assertMatches(finiteDifference(p -> layer.forward(parallel, p, 1, side, side).output(), x, direction, 1e-2),
                        java.util.Arrays.copyOfRange(tangents, s * outLength, (s + 1) * outLength), "direction " + s);
            }
            float[] w = random(random, tangents.length, 1);
            float[] cotangents = layer.cotangent(parallel, trace, w, directions);
            assertEquals(dot(tangents, w), dot(v, cotangents), 1e-4 * Math.sqrt(dot(tangents, tangents) * dot(w, w)));
        }
    }

    @Test
    void depthwiseConvNormParameterGradientsAreTheTransposeOfTheirDirections() {
        Random random = new Random(5);
        int c = 4;
        int side = 5;
        ConvNorm layer = ConvNorm.depthwise(random(random, c * 9, 1), c, 3, 2,
                new Convolution.Padding(0, 0, 1, 1), norm(random, c));
        float[] x = random(random, side * side * c, 1);
        Parallel parallel = Parallel.serial();
        ConvNorm.Trace trace = layer.forward(parallel, x, 1, side, side);
        float[] g = random(random, trace.output().length, 1);
        ConvNorm.Gradients gradients = ConvNorm.Gradients.zerosOf(layer);
        float[] dX = layer.backward(parallel, trace, g, gradients, true);
        float[] v = random(random, x.length, 1);
        float[] tangent = layer.tangent(parallel, v, 1, side, side);
        assertEquals(dot(tangent, g), dot(v, dX), 1e-4 * Math.sqrt(dot(tangent, tangent) * dot(g, g)), "input");
        float[] direction = random(random, layer.weight().length, 1);
        double[] byWeight = finiteDifference(weight -> ConvNorm.depthwise(weight, c, 3, 2, layer.padding(),
                layer.norm()).forward(parallel, x, 1, side, side).output(), layer.weight(), direction, 1e-2);
        double expected = 0;
        for (int i = 0; i < g.length; i++) {
            expected += byWeight[i] * g[i];
        }
        assertEquals(expected, dot(direction, gradients.weight()), 1e-3 * (1 + Math.abs(expected)), "weight");
        double beta = 0;
        for (float value : gradients.beta()) {
            beta += value;
        }
        double sum = 0;
        for (float value : g) {
            sum += value;
        }
        assertEquals(sum, beta, 1e-4 * (1 + Math.abs(sum)), "beta");
    }

    /** {@code <y(x + e v) - y(x - e v), g> / 2e} for a parameter array perturbed in place (then restored). */
    private static double directional(java.util.function.Supplier<float[]> forward, float[] parameter, float[] v,
                                      float[] g, double e) {
        float[] saved = parameter.clone();
        for (int i = 0; i < parameter.length; i++) {
            parameter[i] = (float) (saved[i] + e * v[i]);
        }
        float[] up = forward.get();
        for (int i = 0; i < parameter.length; i++) {
            parameter[i] = (float) (saved[i] - e * v[i]);
        }
        float[] down = forward.get();
        System.arraycopy(saved, 0, parameter, 0, parameter.length);
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            sum += ((double) up[i] - down[i]) * g[i];
        }
        return sum / (2 * e);
    }

    /** The gradient rule on a batch of two maps: input and every kernel's gradient against central differences. */
    @ParameterizedTest(name = "ratio {0} stride {1} residual {2}")
    @CsvSource({"4,2,false", "3,1,true"})
    void mbConvGradientsAreTheDerivatives(int ratio, int stride, boolean residual) {
        Random random = new Random(ratio * 7 + stride);
        int in = 4;
        int side = 5;
        int batch = 2;
        Convolution.Padding padding = stride == 2 ? new Convolution.Padding(0, 0, 1, 1) : Convolution.Padding.uniform(1);
        MBConv layer = block(random, in, residual ? in : 6, ratio, 3, stride, padding, residual);
        float[] x = random(random, batch * side * side * in, 1);
        Parallel parallel = Parallel.serial();
        MBConv.Trace trace = layer.forward(parallel, x, batch, side, side);
        float[] g = random(random, trace.output().length, 1);
        MBConv.Gradients gradients = MBConv.Gradients.zerosOf(layer);
        float[] dX = layer.backward(parallel, trace, g, gradients, true);
        java.util.function.Supplier<float[]> forward = () -> layer.forward(parallel, x, batch, side, side).output();
        float[][] parameters = {x, layer.expand().weight(), layer.depthwise().weight(), layer.excite().reduceWeight(),
                layer.excite().reduceBias(), layer.excite().expandWeight(), layer.excite().expandBias(),
                layer.project().weight()};
        float[][] computed = {dX, gradients.expand().weight(), gradients.depthwise().weight(),
                gradients.excite().reduceWeight(), gradients.excite().reduceBias(), gradients.excite().expandWeight(),
                gradients.excite().expandBias(), gradients.project().weight()};
        for (int k = 0; k < parameters.length; k++) {
            float[] v = random(random, parameters[k].length, 1);
            double expected = directional(forward, parameters[k], v, g, 1e-2);
            double actual = dot(v, computed[k]);
            assertEquals(expected, actual, 1e-2 * Math.abs(expected) + 1e-3, "tensor " + k);
        }
    }
}
