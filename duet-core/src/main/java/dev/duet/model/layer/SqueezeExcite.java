/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Activation;
import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

/**
 * Squeeze-and-excitation on channel-last maps x [B][N][C] (N positions): the channel gate
 * {@code g = sigmoid(We silu(Wr mean(x) + br) + be)} [B][C] scales every position,
 * {@code y = x * g}. Wr [Cs][C] and We [C][Cs] are the 1x1 convolutions {@code reduce} and
 * {@code expand} of EfficientNet, with their biases. The gate depends on every position, so the
 * tangent has two terms, {@code t_y = t_x g + x t_g} with
 * {@code t_g = g (1 - g) We (silu'(r) Wr mean(t_x))}, and the cotangent is its transpose:
 * {@code d_x = d_y g + mean^T(Wr^T (silu'(r) We^T (g (1 - g) sum_n d_y x)))}, which the gradient
 * rule shares, adding the four tensors' gradients of the two products.
 */
public record SqueezeExcite(float[] reduceWeight, float[] reduceBias, float[] expandWeight, float[] expandBias,
                            int channels, int squeezed) {

    public SqueezeExcite {
        if (reduceWeight.length != squeezed * channels || reduceBias.length != squeezed
                || expandWeight.length != channels * squeezed || expandBias.length != channels) {
            throw new IllegalArgumentException("squeeze-and-excitation tensors do not match " + channels + " -> "
                    + squeezed + " -> " + channels);
        }
    }

    /** One forward: what the derivative rules read. */
    public record Trace(int batch, int positions,
                        float[] input,     // [B][N][C]
                        float[] reduced,   // [B][Cs] before SiLU
                        float[] gate,      // [B][C] after the sigmoid
                        float[] output) {  // [B][N][C]
    }

    /** Parameter gradients, accumulated, of the shapes of the layer's tensors. */
    public record Gradients(float[] reduceWeight, float[] reduceBias, float[] expandWeight, float[] expandBias) {
        public static Gradients zerosOf(SqueezeExcite layer) {
            return new Gradients(new float[layer.reduceWeight.length], new float[layer.squeezed],
                    new float[layer.expandWeight.length], new float[layer.channels]);
        }
    }

    public Trace forward(Parallel parallel, float[] x, int batch, int positions) {
        float[] mean = new float[batch * channels];
        AveragePool.global(mean, x, batch, positions, channels);
        float[] reduced = new float[batch * squeezed];
        Linear.forward(parallel, reduced, mean, reduceWeight, reduceBias, batch, channels, squeezed);
        float[] activated = new float[reduced.length];
        Activation.SILU.forward(activated, reduced, 0, reduced.length);
        float[] gate = new float[batch * channels];
        Linear.forward(parallel, gate, activated, expandWeight, expandBias, batch, squeezed, channels);
        for (int i = 0; i < gate.length; i++) {
            gate[i] = 1f / (1f + (float) Math.exp(-gate[i]));
        }
        float[] y = new float[x.length];
        for (int b = 0; b < batch; b++) {
            for (int n = 0; n < positions; n++) {
                int row = (b * positions + n) * channels;
                for (int c = 0; c < channels; c++) {
                    y[row + c] = x[row + c] * gate[b * channels + c];
                }
            }
        }
        return new Trace(batch, positions, x, reduced, gate, y);
    }

    /** Tangents of S directions [S][N][C] through a one-image trace -> [S][N][C]. */
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        int n = trace.positions();
        float[] tMean = new float[directions * channels];
        AveragePool.global(tMean, tX, directions, n, channels);
        float[] tReduced = new float[directions * squeezed];
        Linear.tangent(parallel, tReduced, tMean, reduceWeight, directions, channels, squeezed);
        Activation.SILU.tangent(parallel, tReduced, trace.reduced(), squeezed, directions);
        float[] tGate = new float[directions * channels];
        Linear.tangent(parallel, tGate, tReduced, expandWeight, directions, squeezed, channels);
        float[] gate = trace.gate();
        float[] x = trace.input();
        float[] tY = new float[tX.length];
        for (int s = 0; s < directions; s++) {
            for (int c = 0; c < channels; c++) {
                tGate[s * channels + c] *= gate[c] * (1f - gate[c]);
            }
            for (int p = 0; p < n; p++) {
                int row = (s * n + p) * channels;
                for (int c = 0; c < channels; c++) {
                    tY[row + c] = tX[row + c] * gate[c] + x[p * channels + c] * tGate[s * channels + c];
                }
            }
        }
        return tY;
    }

    /** Cotangents of S outputs [S][N][C] through a one-image trace -> [S][N][C]. */
    public float[] cotangent(Parallel parallel, Trace trace, float[] dY, int count) {
        return pullBack(parallel, trace, dY, count, false, null);
    }

    /**
     * Gradient rule of a trace of B images: from dY [B][N][C], accumulates into {@code gradients}
     * (null: frozen) and returns dX [B][N][C].
     */
    public float[] backward(Parallel parallel, Trace trace, float[] dY, Gradients gradients) {
        return pullBack(parallel, trace, dY, trace.batch(), true, gradients);
    }

    /**
     * dY [S][N][C] pulled back to dX: through a one-image trace for S cotangents
     * ({@code batched} false: the gate and the input are image 0's), or through a trace of S images,
     * then also accumulating {@code gradients} when not null.
     */
    private float[] pullBack(Parallel parallel, Trace trace, float[] dY, int count, boolean batched,
                             Gradients gradients) {
        int n = trace.positions();
        float[] gate = trace.gate();
        float[] x = trace.input();
        float[] dGate = new float[count * channels];
        float[] dX = new float[dY.length];
        for (int s = 0; s < count; s++) {
            int image = batched ? s : 0;
            for (int p = 0; p < n; p++) {
                int row = (s * n + p) * channels;
                int in = (image * n + p) * channels;
                for (int c = 0; c < channels; c++) {
                    dX[row + c] = dY[row + c] * gate[image * channels + c];
                    dGate[s * channels + c] += dY[row + c] * x[in + c];
                }
            }
            for (int c = 0; c < channels; c++) {
                float g = gate[image * channels + c];
                dGate[s * channels + c] *= g * (1f - g);
            }
        }
        float[] dReduced = new float[count * squeezed];
        if (gradients != null) {
            float[] activated = new float[trace.reduced().length];
            Activation.SILU.forward(activated, trace.reduced(), 0, activated.length);
            Linear.backward(parallel, dReduced, gradients.expandWeight(), gradients.expandBias(), dGate, activated,
                    expandWeight, count, squeezed, channels);
        } else {
            Linear.backward(parallel, dReduced, null, null, dGate, null, expandWeight, count, squeezed, channels);
        }
        if (batched) {
            Activation.SILU.backward(dReduced, trace.reduced(), 0, dReduced.length);
        } else {
            Activation.SILU.tangent(parallel, dReduced, trace.reduced(), squeezed, count);
        }
        float[] dMean = new float[count * channels];
        if (gradients != null) {
            float[] mean = new float[count * channels];
            AveragePool.global(mean, x, count, n, channels);
            Linear.backward(parallel, dMean, gradients.reduceWeight(), gradients.reduceBias(), dReduced, mean,
                    reduceWeight, count, channels, squeezed);
        } else {
            Linear.backward(parallel, dMean, null, null, dReduced, null, reduceWeight, count, channels, squeezed);
        }
        float[] spread = new float[dX.length];
        AveragePool.globalBackward(spread, dMean, count, n, channels);
        for (int i = 0; i < dX.length; i++) {
            dX[i] += spread[i];
        }
        return dX;
    }
}
