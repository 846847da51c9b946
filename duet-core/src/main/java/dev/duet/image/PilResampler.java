package dev.duet.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * PIL's {@code Image.resize} for 8-bit RGB (Pillow {@code libImaging/Resample.c}), reproduced
 * operation for operation so that the output bytes are identical:
 *
 * <ul>
 *   <li>Separable: a horizontal pass (only over the rows the vertical pass will read) into an
 *       8-bit intermediate image, then a vertical pass. A pass whose size does not change is
 *       skipped, and a same-size resize returns the input.</li>
 *   <li>Per output pixel {@code i}: {@code scale = in / out}, {@code filterscale = max(scale, 1)},
 *       {@code support = filter.support * filterscale}, {@code center = (i + 0.5) * scale}, input
 *       window {@code [(int)(center - support + 0.5), (int)(center + support + 0.5))} clipped to
 *       the image, weights {@code filter((j - center + 0.5) / filterscale)} divided by their sum
 *       (all in double).</li>
 *   <li>Weights become fixed point with {@link #PRECISION_BITS} = 22 fractional bits, rounded
 *       half away from zero; each output sample is {@code (2^21 + sum(sample * weight)) >> 22}
 *       clipped to 0..255, in 32-bit integers.</li>
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
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive: " + outWidth + "x" + outHeight);
        }
        Math.multiplyExact(Math.multiplyExact(outWidth, outHeight), 3);
        boolean horizontal = outWidth != image.width();
        boolean vertical = outHeight != image.height();
        Kernel rows = Kernel.of(filter, image.height(), outHeight);
        RgbImage result = image;
        if (horizontal) {
            int firstRow = rows.start[0];
            int lastRow = rows.start[outHeight - 1] + rows.count[outHeight - 1];
            result = horizontalPass(image, Kernel.of(filter, image.width(), outWidth), firstRow, lastRow - firstRow);
            rows = rows.shifted(-firstRow);
        }
        if (vertical) {
            result = verticalPass(result, rows);
        }
        return result;
    }

    /** Resamples rows {@code firstRow .. firstRow + rowCount - 1} of {@code image} to the kernel's width. */
    private static RgbImage horizontalPass(RgbImage image, Kernel columns, int firstRow, int rowCount) {
        int inWidth = image.width();
        int outWidth = columns.outSize();
        byte[] in = image.pixels();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(outWidth, rowCount), 3)];
        for (int y = 0; y < rowCount; y++) {
            int inRow = (firstRow + y) * inWidth * 3;
            int outIndex = y * outWidth * 3;
            for (int x = 0; x < outWidth; x++) {
                int weightBase = x * columns.kernelSize;
                int pixel = inRow + columns.start[x] * 3;
                int red = HALF;
                int green = HALF;
                int blue = HALF;
                for (int j = 0; j < columns.count[x]; j++, pixel += 3) {
                    int weight = columns.weights[weightBase + j];
                    red += (in[pixel] & 0xFF) * weight;
                    green += (in[pixel + 1] & 0xFF) * weight;
                    blue += (in[pixel + 2] & 0xFF) * weight;
                }
                out[outIndex++] = clip8(red);
                out[outIndex++] = clip8(green);
                out[outIndex++] = clip8(blue);
            }
        }
        return new RgbImage(outWidth, rowCount, out);
    }

    /**
     * Resamples columns to the kernel's height. Integer sums do not depend on the order of
     * the additions, so each output row accumulates whole input rows (cache friendly).
     */
    private static RgbImage verticalPass(RgbImage image, Kernel rows) {
        int rowBytes = image.width() * 3;
        int outHeight = rows.outSize();
        byte[] in = image.pixels();
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
        return new RgbImage(image.width(), outHeight, out);
    }

    /** PIL's {@code clip8}: drop the fraction bits, clamp to a byte. */
    private static byte clip8(int sum) {
        int value = sum >> PRECISION_BITS;
        return (byte) (value < 0 ? 0 : Math.min(value, 255));
    }

    /**
     * One axis of the resampling (PIL's {@code precompute_coeffs} + {@code normalize_coeffs_8bpc}):
     * output sample {@code i} reads inputs {@code start[i] .. start[i] + count[i] - 1} with the
     * fixed-point {@code weights[i * kernelSize + j]}.
     */
    record Kernel(int kernelSize, int[] start, int[] count, int[] weights) {

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
                    weights[i * kernelSize + j] = toFixedPoint(normalized);
                }
                start[i] = min;
                count[i] = max;
            }
            return new Kernel(kernelSize, start, count, weights);
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
            return new Kernel(kernelSize, moved, count, weights);
        }
    }
}
