/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Depthwise 2-D convolution on channel-last maps, as PyTorch's {@code Conv2d} with
 * {@code groups = in_channels = out_channels} (EfficientNet's depthwise layers): each channel c
 * convolved with its own k x k kernel, {@code y[b][oy][ox][c] = sum_{ky,kx} w[c][ky][kx]
 * x[b][oy*s - top + ky][ox*s - left + kx][c]}, zero outside the map; weight in PyTorch's layout
 * [C][1][k][k], no bias. The geometry is a {@link Convolution.Shape} whose in and out channels are
 * equal. Linear in x (tangent = forward) and in w; the loops run channel-innermost so every read
 * and write is contiguous, and the forward keeps a vector of channels' sums in a register over
 * all the taps of a position.
 */
public final class DepthwiseConvolution {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private DepthwiseConvolution() {
    }

    /** y [B][Ho][Wo][C] = depthwise(x [B][H][W][C]). */
    public static void forward(Parallel parallel, float[] y, float[] x, float[] weight, Convolution.Shape shape,
                               int batch) {
        check(shape, weight);
        int outH = shape.outHeight();
        int outW = shape.outWidth();
        int k = shape.kernel();
        int c = shape.inChannels();
        float[] taps = taps(weight, c, k);
        parallel.forRange(batch * outH, 1, (from, to) -> {
            int[] tapsRead = new int[k * k];
            int[] offsets = new int[k * k];
            for (int row = from; row < to; row++) {
                for (int ox = 0; ox < outW; ox++) {
                    int count = tapsInside(shape, row / outH, row % outH, ox, tapsRead, offsets);
                    accumulateTaps(y, (row * outW + ox) * c, x, offsets, taps, tapsRead, count, c);
                }
            }
        });
    }

    /**
     * {@code y[out + ci] = sum_t taps[tap_t][ci] * x[in_t + ci]} over the {@code count} taps, in tap
     * order with fused multiply-adds, a vector of channels at a time held in a register.
     */
    private static void accumulateTaps(float[] y, int out, float[] x, int[] in, float[] taps, int[] tap, int count,
                                       int channels) {
        int ci = 0;
        for (int bound = SPECIES.loopBound(channels); ci < bound; ci += SPECIES.length()) {
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int t = 0; t < count; t++) {
                sum = FloatVector.fromArray(SPECIES, taps, tap[t] * channels + ci)
                        .fma(FloatVector.fromArray(SPECIES, x, in[t] + ci), sum);
            }
            sum.intoArray(y, out + ci);
        }
        for (; ci < channels; ci++) {
            float sum = 0f;
            for (int t = 0; t < count; t++) {
                sum = Math.fma(taps[tap[t] * channels + ci], x[in[t] + ci], sum);
            }
            y[out + ci] = sum;
        }
    }

    /** Tangent rule: linear, {@code t_y = depthwise(t_x)}, S directions as a batch. */
    public static void tangent(Parallel parallel, float[] tY, float[] tX, float[] weight, Convolution.Shape shape,
                               int directions) {
        forward(parallel, tY, tX, weight, shape, directions);
    }

    /**
     * Gradient rule (also the cotangent rule): {@code dx = depthwise^T(dy)} (written, or skipped
     * when dx is null), {@code dW[c][ky][kx] += sum dy[..][c] x[..][c]} over the positions that tap
     * reads (skipped when dW is null).
     */
    public static void backward(Parallel parallel, float[] dx, float[] dWeight, float[] dy, float[] x, float[] weight,
                                Convolution.Shape shape, int batch) {
        check(shape, weight);
        int outH = shape.outHeight();
        int outW = shape.outWidth();
        int k = shape.kernel();
        int c = shape.inChannels();
        if (dx != null) {
            float[] taps = taps(weight, c, k);
            Arrays.fill(dx, 0, batch * shape.inputSize(), 0f);
            // one image per task: the positions of an image overlap, those of two images never do
            parallel.forRange(batch, 1, (from, to) -> {
                int[] tapsRead = new int[k * k];
                int[] offsets = new int[k * k];
                for (int b = from; b < to; b++) {
                    for (int oy = 0; oy < outH; oy++) {
                        for (int ox = 0; ox < outW; ox++) {
                            int out = ((b * outH + oy) * outW + ox) * c;
                            int count = tapsInside(shape, b, oy, ox, tapsRead, offsets);
                            for (int t = 0; t < count; t++) {
                                for (int ci = 0; ci < c; ci++) {
                                    dx[offsets[t] + ci] += taps[tapsRead[t] * c + ci] * dy[out + ci];
                                }
                            }
                        }
                    }
                }
            });
        }
        if (dWeight != null) {
            float[] dTaps = new float[k * k * c];
            int[] tapsRead = new int[k * k];
            int[] offsets = new int[k * k];
            for (int b = 0; b < batch; b++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int out = ((b * outH + oy) * outW + ox) * c;
                        int count = tapsInside(shape, b, oy, ox, tapsRead, offsets);
                        for (int t = 0; t < count; t++) {
                            for (int ci = 0; ci < c; ci++) {
                                dTaps[tapsRead[t] * c + ci] += dy[out + ci] * x[offsets[t] + ci];
                            }
                        }
                    }
                }
            }
            for (int ci = 0; ci < c; ci++) {
                for (int tap = 0; tap < k * k; tap++) {
                    dWeight[ci * k * k + tap] += dTaps[tap * c + ci];
                }
            }
        }
    }

    /**
     * The taps of output position (oy, ox) of image b that fall inside the map: tap t reads tap
     * number {@code tapsRead[t]} (ky * k + kx) at input offset {@code offsets[t]}; returns how many.
     */
    private static int tapsInside(Convolution.Shape shape, int b, int oy, int ox, int[] tapsRead, int[] offsets) {
        int k = shape.kernel();
        int count = 0;
        for (int ky = 0; ky < k; ky++) {
            int iy = oy * shape.stride() - shape.padding().top() + ky;
            if (iy < 0 || iy >= shape.height()) {
                continue;
            }
            for (int kx = 0; kx < k; kx++) {
                int ix = ox * shape.stride() - shape.padding().left() + kx;
                if (ix >= 0 && ix < shape.width()) {
                    tapsRead[count] = ky * k + kx;
                    offsets[count++] = ((b * shape.height() + iy) * shape.width() + ix) * shape.inChannels();
                }
            }
        }
        return count;
    }

    /** The weight [C][k][k] as [k][k][C], so that one tap's channels are contiguous. */
    private static float[] taps(float[] weight, int channels, int k) {
        float[] taps = new float[weight.length];
        for (int ci = 0; ci < channels; ci++) {
            for (int tap = 0; tap < k * k; tap++) {
                taps[tap * channels + ci] = weight[ci * k * k + tap];
            }
        }
        return taps;
    }

    private static void check(Convolution.Shape shape, float[] weight) {
        if (shape.inChannels() != shape.outChannels()
                || weight.length != shape.inChannels() * shape.kernel() * shape.kernel()) {
            throw new IllegalArgumentException("depthwise convolution of " + shape.inChannels() + " -> "
                    + shape.outChannels() + " channels with a weight of " + weight.length + " values");
        }
    }
}
