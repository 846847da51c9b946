/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * {@code AvgPool2d(k)} (kernel k, stride k, no padding) on channel-last maps:
 * x [B][H][W][C] -> y [B][H/k][W/k][C], the mean of each k x k window (sum, then divided by k^2,
 * as PyTorch). Linear, so its tangent is itself; its gradient spreads dy / k^2 over the window.
 */
public final class AveragePool {

    private AveragePool() {
    }

    public static void forward(Parallel parallel, float[] y, float[] x, int batch, int height, int width, int channels,
                               int k) {
        int outH = height / k;
        int outW = width / k;
        float area = k * k;
        parallel.forRange(batch * outH, 1, (from, to) -> {
            float[] sum = new float[channels];
            for (int row = from; row < to; row++) {
                int b = row / outH;
                int oy = row % outH;
                for (int ox = 0; ox < outW; ox++) {
                    java.util.Arrays.fill(sum, 0f);
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int in = ((b * height + oy * k + ky) * width + ox * k + kx) * channels;
                            for (int c = 0; c < channels; c++) {
                                sum[c] += x[in + c];
                            }
                        }
                    }
                    int out = (row * outW + ox) * channels;
                    for (int c = 0; c < channels; c++) {
                        y[out + c] = sum[c] / area;
                    }
                }
            }
        });
    }

    /** Gradient (and cotangent) rule: dx [B][H][W][C] from dy [B][H/k][W/k][C]; rows and columns past the last window get 0. */
    public static void backward(Parallel parallel, float[] dx, float[] dy, int batch, int height, int width,
                                int channels, int k) {
        int outH = height / k;
        int outW = width / k;
        float area = k * k;
        java.util.Arrays.fill(dx, 0, batch * height * width * channels, 0f);
        parallel.forRange(batch * outH, 1, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / outH;
                int oy = row % outH;
                for (int ox = 0; ox < outW; ox++) {
                    int out = (row * outW + ox) * channels;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            int in = ((b * height + oy * k + ky) * width + ox * k + kx) * channels;
                            for (int c = 0; c < channels; c++) {
                                dx[in + c] = dy[out + c] / area;
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Global average pooling (EfficientNet's squeeze, and ALIGN's pooler, {@code AvgPool2d} with a
     * kernel at least the map's side): y [B][C] = the mean of x [B][positions][C] over positions.
     * Linear, so also its tangent rule.
     */
    public static void global(float[] y, float[] x, int batch, int positions, int channels) {
        for (int b = 0; b < batch; b++) {
            int out = b * channels;
            java.util.Arrays.fill(y, out, out + channels, 0f);
            for (int p = 0; p < positions; p++) {
                int in = (b * positions + p) * channels;
                for (int c = 0; c < channels; c++) {
                    y[out + c] += x[in + c];
                }
            }
            for (int c = 0; c < channels; c++) {
                y[out + c] /= positions;
            }
        }
    }

    /** Gradient (and cotangent) rule of {@link #global}: dx [B][positions][C] = dy [B][C] / positions at every position. */
    public static void globalBackward(float[] dx, float[] dy, int batch, int positions, int channels) {
        for (int b = 0; b < batch; b++) {
            for (int p = 0; p < positions; p++) {
                int in = (b * positions + p) * channels;
                for (int c = 0; c < channels; c++) {
                    dx[in + c] = dy[b * channels + c] / positions;
                }
            }
        }
    }
}
