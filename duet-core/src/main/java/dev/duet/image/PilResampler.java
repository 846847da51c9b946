/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * PIL's resampling ({@code libImaging/Resample.c} and the NEAREST path of {@code Geometry.c},
 * Pillow 9.4), reproduced operation for operation so that the output samples are identical:
 *
 * <ul>
 *   <li>Separable: a horizontal pass (only over the rows the vertical pass will read) into an
 *       intermediate image of the same sample type, then a vertical pass. A pass whose size does
 *       not change is skipped, and a same-size resize returns the input.</li>
 *   <li>Per output pixel {@code i}: {@code scale = in / out}, {@code filterscale = max(scale, 1)},
 *       {@code support = filter.support * filterscale}, {@code center = (i + 0.5) * scale}, input
 *       window {@code [(int)(center - support + 0.5), (int)(center + support + 0.5))} clipped to
 *       the image, weights {@code filter((j - center + 0.5) / filterscale)} divided by their sum
 *       (all in double).</li>
 *   <li>8-bit bands (L, LA, RGB, RGBA premultiplied, CMYK): weights become fixed point with
 *       {@link #PRECISION_BITS} = 22 fractional bits, rounded half away from zero; each output
 *       sample is {@code (2^21 + sum(sample * weight)) >> 22} clipped to 0..255, in 32-bit integers.
 *       Bands never mix, so one routine serves any number of interleaved bands.</li>
 *   <li>32-bit integers (mode I): double sums with the double weights, rounded half away from zero
 *       ({@code ROUND_UP}) after each pass, not clipped.</li>
 *   <li>NEAREST (modes 1 and P): {@code ImagingScaleAffine}, which steps a double source position
 *       by {@code in / out} from {@code in / out / 2} and truncates it.</li>
 * </ul>
 */
public final class PilResampler {

    /** 32-bit accumulator minus 8 bits of sample minus 2 bits of headroom for negative lobes. */
    public static final int PRECISION_BITS = 32 - 8 - 2;

    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private final ResampleFilter filter;

    public PilResampler(ResampleFilter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
    }

    public ResampleFilter filter() {
        return filter;
    }

    public RgbImage resize(RgbImage image, int outWidth, int outHeight) {
        byte[] out = resize(image.pixels(), image.width(), image.height(), 3, outWidth, outHeight);
        return out == image.pixels() ? image : new RgbImage(outWidth, outHeight, out);
    }

    /**
     * Resizes {@code bands} interleaved 8-bit bands, {@code [height][width][bands]}, to
     * {@code [outHeight][outWidth][bands]}; returns {@code samples} itself when the size does not change.
     */
    byte[] resize(byte[] samples, int width, int height, int bands, int outWidth, int outHeight) {
        checkOutput(outWidth, outHeight, bands);
        Kernel rows = Kernel.of(filter, height, outHeight);
        byte[] result = samples;
        int resultWidth = width;
        if (outWidth != width) {
            int firstRow = rows.start[0];
            int lastRow = rows.start[outHeight - 1] + rows.count[outHeight - 1];
            result = horizontalPass(samples, width, bands, Kernel.of(filter, width, outWidth), firstRow,
                    lastRow - firstRow);
            resultWidth = outWidth;
            rows = rows.shifted(-firstRow);
        }
        if (outHeight != height) {
            result = verticalPass(result, resultWidth * bands, rows);
        }
        return result;
    }

    /** {@link #resize(byte[], int, int, int, int, int)} for one band of 32-bit integers (PIL's mode I). */
    int[] resize(int[] samples, int width, int height, int outWidth, int outHeight) {
        checkOutput(outWidth, outHeight, 1);
        Kernel rows = Kernel.of(filter, height, outHeight);
        int[] result = samples;
        int resultWidth = width;
        if (outWidth != width) {
            int firstRow = rows.start[0];
            int lastRow = rows.start[outHeight - 1] + rows.count[outHeight - 1];
            Kernel columns = Kernel.of(filter, width, outWidth);
            int rowCount = lastRow - firstRow;
            result = new int[Math.multiplyExact(outWidth, rowCount)];
            for (int y = 0; y < rowCount; y++) {
                int inRow = (firstRow + y) * width;
                for (int x = 0; x < outWidth; x++) {
                    double sum = 0.0;
                    for (int j = 0; j < columns.count[x]; j++) {
                        sum += samples[inRow + columns.start[x] + j] * columns.real[x * columns.kernelSize + j];
                    }
                    result[y * outWidth + x] = roundUp(sum);
                }
            }
            resultWidth = outWidth;
            rows = rows.shifted(-firstRow);
        }
        if (outHeight != height) {
            int[] in = result;
            result = new int[Math.multiplyExact(resultWidth, outHeight)];
            for (int y = 0; y < outHeight; y++) {
                for (int x = 0; x < resultWidth; x++) {
                    double sum = 0.0;
                    for (int j = 0; j < rows.count[y]; j++) {
                        sum += in[(rows.start[y] + j) * resultWidth + x] * rows.real[y * rows.kernelSize + j];
                    }
                    result[y * resultWidth + x] = roundUp(sum);
                }
            }
        }
        return result;
    }

    /**
     * PIL's NEAREST resize of one 8-bit band ({@code _resize} with box = the whole image, hence
     * {@code ImagingScaleAffine} with {@code a = (in / out, 0, 0, 0, in / out, 0)}): source column
     * of output x is the truncated running sum {@code in/out * 0.5 + x * (in/out)}, added step by step.
     */
    static byte[] nearest(byte[] samples, int width, int height, int outWidth, int outHeight) {
        checkOutput(outWidth, outHeight, 1);
        if (outWidth == width && outHeight == height) {
            return samples;
        }
        // PIL computes (double) (box[2] - box[0]) / xsize with float box edges: exact for any int size
        double stepX = (double) (float) width / outWidth;
        double stepY = (double) (float) height / outHeight;
        int[] sourceColumn = new int[outWidth];
        double position = stepX * 0.5;
        for (int x = 0; x < outWidth; x++) {
            // a position past the image (never met in practice) leaves PIL's zero fill
            sourceColumn[x] = (int) position < width ? (int) position : -1;
            position += stepX;
        }
        byte[] out = new byte[Math.multiplyExact(outWidth, outHeight)];
        position = stepY * 0.5;
        for (int y = 0; y < outHeight; y++) {
            int row = (int) position;
            for (int x = 0; x < outWidth && row < height; x++) {
                out[y * outWidth + x] = sourceColumn[x] < 0 ? 0 : samples[row * width + sourceColumn[x]];
            }
            position += stepY;
        }
        return out;
    }

    private static void checkOutput(int outWidth, int outHeight, int bands) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outWidth + "x" + outHeight);
        }
        Math.multiplyExact(Math.multiplyExact(outWidth, outHeight), bands);
    }

    /** PIL's {@code ROUND_UP}: half away from zero, then truncation to int. */
    private static int roundUp(double sum) {
        return (int) (sum >= 0.0 ? sum + 0.5 : sum - 0.5);
    }

    /** Resamples rows {@code firstRow .. firstRow + rowCount - 1} of {@code in} ({@code [rows][inWidth][bands]}) to the kernel's width. */
    private static byte[] horizontalPass(byte[] in, int inWidth, int bands, Kernel columns, int firstRow, int rowCount) {
        int outWidth = columns.outSize();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(outWidth, rowCount), bands)];
        for (int y = 0; y < rowCount; y++) {
            int inRow = (firstRow + y) * inWidth * bands;
            int outRow = y * outWidth * bands;
            // one band at a time keeps the sum in a register; bands never mix
            for (int band = 0; band < bands; band++) {
                for (int x = 0; x < outWidth; x++) {
                    int weightBase = x * columns.kernelSize;
                    int pixel = inRow + columns.start[x] * bands + band;
                    int sum = HALF;
                    for (int j = 0; j < columns.count[x]; j++, pixel += bands) {
                        sum += (in[pixel] & 0xFF) * columns.weights[weightBase + j];
                    }
                    out[outRow + x * bands + band] = clip8(sum);
                }
            }
        }
        return out;
    }

    /**
     * Resamples columns to the kernel's height; {@code rowBytes} = width * bands. Integer sums do not
     * depend on the order of the additions, so each output row accumulates whole input rows (cache friendly).
     */
    private static byte[] verticalPass(byte[] in, int rowBytes, Kernel rows) {
        int outHeight = rows.outSize();
        byte[] out = new byte[Math.multiplyExact(rowBytes, outHeight)];
        int[] sums = new int[rowBytes];
        for (int y = 0; y < outHeight; y++) {
            Arrays.fill(sums, HALF);
            int weightBase = y * rows.kernelSize;
            for (int j = 0; j < rows.count[y]; j++) {
                int weight = rows.weights[weightBase + j];
                int inRow = (rows.start[y] + j) * rowBytes;
                for (int i = 0; i < rowBytes; i++) {
                    sums[i] += (in[inRow + i] & 0xFF) * weight;
                }
            }
            int outRow = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                out[outRow + i] = clip8(sums[i]);
            }
        }
        return out;
    }

    /** PIL's {@code clip8}: drop the fraction bits, clamp to a byte. */
    private static byte clip8(int sum) {
        int value = sum >> PRECISION_BITS;
        return (byte) (value < 0 ? 0 : Math.min(value, 255));
    }

    /**
     * One axis of the resampling (PIL's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc}):
     * output sample {@code i} reads inputs {@code start[i] .. start[i] + count[i] - 1} with the
     * fixed-point {@code weights[i * kernelSize + j]} (8-bit bands) or the double {@code real[i * kernelSize + j]}
     * (32-bit bands).
     */
    record Kernel(int kernelSize, int[] start, int[] count, int[] weights, double[] real) {

        int outSize() {
            return start.length;
        }

        static Kernel of(ResampleFilter filter, int inSize, int outSize) {
            // PIL passes the box edges as float: (double)(in1 - in0) with in0 = 0f, in1 = (float) inSize
            float boxStart = 0f;
            float boxEnd = inSize;
            double scale = (double) (boxEnd - boxStart) / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = filter.support() * filterscale;
            int kernelSize = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[outSize];
            int[] count = new int[outSize];
            int[] weights = new int[Math.multiplyExact(outSize, kernelSize)];
            double[] real = new double[weights.length];
            double inverseFilterscale = 1.0 / filterscale;
            double[] k = new double[kernelSize];
            for (int i = 0; i < outSize; i++) {
                double center = boxStart + (i + 0.5) * scale;
                int min = Math.max((int) (center - support + 0.5), 0);
                int max = Math.min((int) (center + support + 0.5), inSize) - min;
                double sum = 0.0;
                for (int j = 0; j < max; j++) {
                    double w = filter.weight((j + min - center + 0.5) * inverseFilterscale);
                    k[j] = w;
                    sum += w;
                }
                for (int j = 0; j < max; j++) {
                    double normalized = sum != 0.0 ? k[j] / sum : k[j];
                    real[i * kernelSize + j] = normalized;
                    weights[i * kernelSize + j] = toFixedPoint(normalized);
                }
                start[i] = min;
                count[i] = max;
            }
            return new Kernel(kernelSize, start, count, weights, real);
        }

        /** Rounds half away from zero, as {@code normalize_coeffs_8bpc} does. */
        private static int toFixedPoint(double weight) {
            double scaled = weight * (1 << PRECISION_BITS);
            return weight < 0 ? (int) (-0.5 + scaled) : (int) (0.5 + scaled);
        }

        /** The same kernel reading from rows moved by {@code offset} (the horizontal pass's crop). */
        Kernel shifted(int offset) {
            int[] moved = start.clone();
            for (int i = 0; i < moved.length; i++) {
                moved[i] += offset;
            }
            return new Kernel(kernelSize, moved, count, weights, real);
        }
    }
}
