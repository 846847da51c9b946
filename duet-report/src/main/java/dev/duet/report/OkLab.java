/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

/**
 * Conversions between sRGB and the OKLab perceptual colour space (Ottosson, 2020), in which
 * straight lines between colours look like even steps and L tracks perceived lightness.
 */
final class OkLab {

    private OkLab() {
    }

    /** OKLab (L, a, b) to packed 0xRRGGBB, or -1 when the colour lies outside the sRGB gamut. */
    static int toRgb(double lightness, double a, double b) {
        double l = cube(lightness + 0.3963377774 * a + 0.2158037573 * b);
        double m = cube(lightness - 0.1055613458 * a - 0.0638541728 * b);
        double s = cube(lightness - 0.0894841775 * a - 1.2914855480 * b);
        double red = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
        double green = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
        double blue = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
        double tolerance = 1e-6;
        if (Math.min(red, Math.min(green, blue)) < -tolerance
                || Math.max(red, Math.max(green, blue)) > 1 + tolerance) {
            return -1;
        }
        return encode(red) << 16 | encode(green) << 8 | encode(blue);
    }

    /** Packed 0xRRGGBB to OKLab {L, a, b}. */
    static double[] fromRgb(int rgb) {
        double red = decode((rgb >> 16) & 0xff);
        double green = decode((rgb >> 8) & 0xff);
        double blue = decode(rgb & 0xff);
        double l = Math.cbrt(0.4122214708 * red + 0.5363325702 * green + 0.0514459929 * blue);
        double m = Math.cbrt(0.2119034982 * red + 0.6806995457 * green + 0.1073969560 * blue);
        double s = Math.cbrt(0.0883024619 * red + 0.2817188376 * green + 0.6299787005 * blue);
        return new double[] {
            0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
    }

    private static double cube(double x) {
        return x * x * x;
    }

    /** Linear light in [0, 1] to an 8-bit sRGB value (the sRGB transfer curve). */
    private static int encode(double linear) {
        double c = Math.clamp(linear, 0, 1);
        double srgb = c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
        return (int) Math.round(srgb * 255);
    }

    private static double decode(int value) {
        double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
