/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * The resampling filters of PIL's {@code Resample.c} that CLIP configs use, with PIL's integer
 * codes ({@code PIL.Image.Resampling}) as they appear in {@code preprocessor_config.json}.
 */
public enum ResampleFilter {

    /** Triangle filter, support 1 ({@code Image.BILINEAR}). */
    BILINEAR(2, 1.0),

    /** Keys' cubic convolution with a = -0.5, support 2 ({@code Image.BICUBIC}). */
    BICUBIC(3, 2.0);

    private final int pilCode;
    private final double support;

    ResampleFilter(int pilCode, double support) {
        this.pilCode = pilCode;
        this.support = support;
    }

    /** {@return PIL's number for the filter ({@code Image.BILINEAR} is 2, {@code Image.BICUBIC} 3)} */
    public int pilCode() {
        return pilCode;
    }

    /** {@return the half-width of the kernel in input pixels, before it is widened for downscaling} */
    public double support() {
        return support;
    }

    /**
     * {@return the kernel's weight at {@code x}, evaluated with the same double operations in the same order as PIL}
     *
     * @param x the distance from the kernel's centre, in (scaled) input pixels
     */
    public double weight(double x) {
        double t = x < 0.0 ? -x : x;
        return switch (this) {
            case BILINEAR -> t < 1.0 ? 1.0 - t : 0.0;
            case BICUBIC -> {
                final double a = -0.5;
                if (t < 1.0) {
                    yield ((a + 2.0) * t - (a + 3.0)) * t * t + 1;
                }
                if (t < 2.0) {
                    yield (((t - 5) * t + 8) * t - 4) * a;
                }
                yield 0.0;
            }
        };
    }

    /**
     * {@return the filter for a PIL resample code; null when Duet does not implement that filter}
     *
     * @param code PIL's number of a filter, as {@code preprocessor_config.json}'s {@code resample}
     */
    public static ResampleFilter ofPilCode(int code) {
        for (ResampleFilter filter : values()) {
            if (filter.pilCode == code) {
                return filter;
            }
        }
        return null;
    }
}
