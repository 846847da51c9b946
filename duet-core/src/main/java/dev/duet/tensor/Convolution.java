/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * 2-D convolution on channel-last feature maps, as PyTorch's {@code Conv2d} with zero padding
 * and one group: x [B][H][W][Cin] -> y [B][Ho][Wo][Cout], weight in PyTorch's layout
 * [Cout][Cin][k][k], bias [Cout] or null, {@code Ho = (H + top + bottom - k) / stride + 1}; the
 * padding may differ per side, as a {@code ZeroPad2d} before a "valid" convolution gives it
 * (EfficientNet's TensorFlow-style "same" padding of strided layers). Computed
 * as one product of the unfolded input (im2col, columns ordered as the weight's (cin, ky, kx))
 * [B*Ho*Wo][Cin*k*k] with the weight seen as [Cin*k*k][Cout]; a 1x1 stride-1 convolution
 * multiplies x itself. Channel-last rows are the positions, so a map is a [positions][channels]
 * state like a transformer's [T][D].
 */
public final class Convolution {

    /** Zeros added on each side of a map before the kernel slides over it. */
    public record Padding(int top, int left, int bottom, int right) {
        public Padding {
            if (top < 0 || left < 0 || bottom < 0 || right < 0) {
                throw new IllegalArgumentException("negative padding " + top + "," + left + "," + bottom + "," + right);
            }
        }

        /** The same padding p on every side (PyTorch's {@code padding=p}). */
        public static Padding uniform(int p) {
            return new Padding(p, p, p, p);
        }

        @Override
        public String toString() {
            return top == left && top == bottom && top == right ? Integer.toString(top)
                    : "(top " + top + ", left " + left + ", bottom " + bottom + ", right " + right + ")";
        }
    }

    /** Geometry of one convolution of a [H][W][Cin] map. */
    public record Shape(int height, int width, int inChannels, int outChannels, int kernel, int stride, Padding padding) {
        public Shape {
            if (height < 1 || width < 1 || inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1
                    || padding == null || height + padding.top() + padding.bottom() < kernel
                    || width + padding.left() + padding.right() < kernel) {
                throw new IllegalArgumentException("bad convolution " + height + "x" + width + "x" + inChannels + " -> "
                        + outChannels + ", kernel " + kernel + " stride " + stride + " padding " + padding);
            }
        }

        /** Padded by p on every side. */
        public Shape(int height, int width, int inChannels, int outChannels, int kernel, int stride, int padding) {
            this(height, width, inChannels, outChannels, kernel, stride, Padding.uniform(padding));
        }

        public int outHeight() {
            return (height + padding.top() + padding.bottom() - kernel) / stride + 1;
        }

        public int outWidth() {
            return (width + padding.left() + padding.right() - kernel) / stride + 1;
        }

        /** Input values one output position reads: Cin*k*k. */
        int patch() {
            return inChannels * kernel * kernel;
        }

        boolean pointwise() {
            return kernel == 1 && stride == 1 && padding.equals(Padding.uniform(0));
        }

        public int inputSize() {
            return height * width * inChannels;
        }

        public int outputSize() {
            return outHeight() * outWidth() * outChannels;
        }
    }

    private Convolution() {
    }

    /** y [B][Ho][Wo][Cout] = conv(x [B][H][W][Cin]) + bias. */
    public static void forward(Parallel parallel, float[] y, float[] x, float[] weight, float[] bias, Shape shape,
                               int batch) {
        int positions = batch * shape.outHeight() * shape.outWidth();
        Linear.forward(parallel, y, unfold(parallel, x, shape, batch), weight, bias, positions, shape.patch(),
                shape.outChannels());
    }

    /** Tangent rule: the convolution is linear, {@code t_y = conv(t_x)} without bias, S directions as a batch. */
    public static void tangent(Parallel parallel, float[] tY, float[] tX, float[] weight, Shape shape, int directions) {
        forward(parallel, tY, tX, weight, null, shape, directions);
    }

    /**
     * Gradient rule: {@code dx = fold(dy W)} (written, or skipped when dx is null; also the
     * cotangent rule), {@code dW += dy^T unfold(x)}, {@code db += colsum(dy)} (skipped when null).
     */
    public static void backward(Parallel parallel, float[] dx, float[] dWeight, float[] dBias, float[] dy, float[] x,
                                float[] weight, Shape shape, int batch) {
        int positions = batch * shape.outHeight() * shape.outWidth();
        int patch = shape.patch();
        if (shape.pointwise()) {
            Linear.backward(parallel, dx, dWeight, dBias, dy, x, weight, positions, patch, shape.outChannels());
            return;
        }
        float[] dColumns = dx != null ? new float[Math.multiplyExact(positions, patch)] : null;
        Linear.backward(parallel, dColumns, dWeight, dBias, dy, dWeight != null ? unfold(parallel, x, shape, batch) : null,
                weight, positions, patch, shape.outChannels());
        if (dx != null) {
            fold(parallel, dx, dColumns, shape, batch);
        }
    }

    /** im2col: [B*Ho*Wo][Cin*k*k], zero where the kernel reaches into the padding; x itself when pointwise. */
    private static float[] unfold(Parallel parallel, float[] x, Shape shape, int batch) {
        if (shape.pointwise()) {
            return x;
        }
        int outH = shape.outHeight();
        int outW = shape.outWidth();
        int k = shape.kernel();
        int c = shape.inChannels();
        int patch = shape.patch();
        float[] columns = new float[Math.multiplyExact(batch * outH * outW, patch)];
        parallel.forRange(batch * outH, 1, (from, to) -> {
            for (int row = from; row < to; row++) {
                int b = row / outH;
                int oy = row % outH;
                for (int ox = 0; ox < outW; ox++) {
                    int base = (row * outW + ox) * patch;
                    for (int ky = 0; ky < k; ky++) {
                        int iy = oy * shape.stride() - shape.padding().top() + ky;
                        if (iy < 0 || iy >= shape.height()) {
                            continue;
                        }
                        for (int kx = 0; kx < k; kx++) {
                            int ix = ox * shape.stride() - shape.padding().left() + kx;
                            if (ix < 0 || ix >= shape.width()) {
                                continue;
                            }
                            int in = ((b * shape.height() + iy) * shape.width() + ix) * c;
                            for (int ci = 0; ci < c; ci++) {
                                columns[base + (ci * k + ky) * k + kx] = x[in + ci];
                            }
                        }
                    }
                }
            }
        });
        return columns;
    }

    /** col2im, the transpose of {@link #unfold}: dx [B][H][W][Cin] = sum over the positions that read each value. */
    private static void fold(Parallel parallel, float[] dx, float[] dColumns, Shape shape, int batch) {
        int outH = shape.outHeight();
        int outW = shape.outWidth();
        int k = shape.kernel();
        int c = shape.inChannels();
        int patch = shape.patch();
        java.util.Arrays.fill(dx, 0, batch * shape.inputSize(), 0f);
        // one image per task: the positions of an image overlap, those of two images never do
        parallel.forRange(batch, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                for (int oy = 0; oy < outH; oy++) {
                    for (int ox = 0; ox < outW; ox++) {
                        int base = ((b * outH + oy) * outW + ox) * patch;
                        for (int ky = 0; ky < k; ky++) {
                            int iy = oy * shape.stride() - shape.padding().top() + ky;
                            if (iy < 0 || iy >= shape.height()) {
                                continue;
                            }
                            for (int kx = 0; kx < k; kx++) {
                                int ix = ox * shape.stride() - shape.padding().left() + kx;
                                if (ix < 0 || ix >= shape.width()) {
                                    continue;
                                }
                                int in = ((b * shape.height() + iy) * shape.width() + ix) * c;
                                for (int ci = 0; ci < c; ci++) {
                                    dx[in + ci] += dColumns[base + (ci * k + ky) * k + kx];
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
