/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link PilResampler} against PIL: literal outputs of Pillow 9.4's {@code Image.resize} on
 * small images, and single samples recomputed here from Resample.c's formulas in double with
 * its 22-bit fixed-point rounding.
 */
class PilResamplerTest {

    /** Red ramp with a spike, green = 255 - red, blue constant: one row of 8 pixels. */
    private static final int[] RED = {0, 50, 100, 150, 200, 250, 30, 10};

    private static RgbImage row(int[] red) {
        byte[] rgb = new byte[red.length * 3];
        for (int x = 0; x < red.length; x++) {
            rgb[3 * x] = (byte) red[x];
            rgb[3 * x + 1] = (byte) (255 - red[x]);
            rgb[3 * x + 2] = 7;
        }
        return new RgbImage(red.length, 1, rgb);
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xFF;
        }
        return values;
    }

    @Test
    void bicubicDownscaleMatchesPil() {
        RgbImage out = new PilResampler(ResampleFilter.BICUBIC).resize(row(RED), 3, 1);
        // Image.fromarray(...).resize((3, 1), Image.BICUBIC)
        assertArrayEquals(new int[] {45, 210, 7, 180, 75, 7, 87, 168, 7}, unsigned(out.pixels()));
        for (int i = 0; i < 3; i++) {
            assertEquals(pilSample(RED, 3, i, true), out.sample(i, 0, 0), "red " + i);
        }
    }

    @Test
    void bicubicUpscaleClipsOvershootLikePil() {
        RgbImage out = new PilResampler(ResampleFilter.BICUBIC).resize(row(RED), 13, 1);
        assertArrayEquals(new int[] {0, 255, 7, 16, 239, 7, 52, 203, 7, 83, 172, 7, 113, 142, 7, 144, 111, 7,
                175, 80, 7, 207, 48, 7, 255, 0, 7, 186, 69, 7, 35, 220, 7, 7, 248, 7, 9, 246, 7},
                unsigned(out.pixels()));
        // sample 8 overshoots above 255 before clip8; sample 1 is an ordinary interpolation
        assertEquals(255, pilSample(RED, 13, 8, true));
        assertEquals(pilSample(RED, 13, 1, true), out.sample(1, 0, 0));
        assertEquals(pilSample(RED, 13, 11, true), out.sample(11, 0, 0));
    }

    @Test
    void bilinearUpscaleMatchesPil() {
        RgbImage out = new PilResampler(ResampleFilter.BILINEAR).resize(row(RED), 13, 1);
        assertArrayEquals(new int[] {0, 255, 7, 21, 234, 7, 52, 203, 7, 83, 172, 7, 113, 142, 7, 144, 111, 7,
                175, 80, 7, 206, 49, 7, 237, 18, 7, 174, 81, 7, 38, 217, 7, 18, 237, 7, 10, 245, 7},
                unsigned(out.pixels()));
        assertEquals(pilSample(RED, 13, 9, false), out.sample(9, 0, 0));
    }

    @Test
    void verticalPassIsTheHorizontalOneTransposed() {
        RgbImage row = row(RED);
        RgbImage column = new RgbImage(1, RED.length, row.pixels());
        RgbImage out = new PilResampler(ResampleFilter.BICUBIC).resize(column, 1, 3);
        assertArrayEquals(new int[] {45, 210, 7, 180, 75, 7, 87, 168, 7}, unsigned(out.pixels()));
    }

    @Test
    void twoPassResizeMatchesPil() {
        int[][] grey = {{0, 255, 0, 255, 0}, {10, 20, 30, 40, 50}, {200, 100, 0, 100, 200}, {255, 255, 0, 0, 128}};
        byte[] rgb = new byte[5 * 4 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                int o = (y * 5 + x) * 3;
                rgb[o] = (byte) grey[y][x];
                rgb[o + 1] = (byte) (255 - grey[y][x]);
                rgb[o + 2] = (byte) (grey[y][x] / 2);
            }
        }
        RgbImage out = new PilResampler(ResampleFilter.BICUBIC).resize(new RgbImage(5, 4, rgb), 3, 7);
        assertArrayEquals(new int[] {
                113, 142, 57, 134, 121, 67, 111, 144, 55,
                73, 182, 36, 97, 158, 48, 84, 171, 42,
                14, 241, 7, 34, 221, 17, 45, 210, 23,
                74, 181, 37, 25, 230, 13, 104, 151, 52,
                167, 88, 84, 35, 220, 17, 157, 98, 79,
                231, 24, 118, 45, 210, 22, 99, 156, 50,
                255, 0, 135, 50, 205, 25, 60, 195, 30}, unsigned(out.pixels()));
    }

    @Test
    void sameSizeIsUntouched() {
        RgbImage image = row(RED);
        assertSame(image, new PilResampler(ResampleFilter.BICUBIC).resize(image, 8, 1));
    }

    /**
     * One output sample of a 1-D resize from Resample.c's formulas: window
     * [(int)(c - s + 0.5), (int)(c + s + 0.5)) around c = (i + 0.5) * scale with s = support *
     * max(scale, 1), weights normalised to sum 1, rounded half away from zero to 22-bit fixed
     * point, accumulated from 2^21 and shifted down by 22, clipped to 0..255.
     */
    private static int pilSample(int[] line, int outSize, int i, boolean bicubic) {
        double scale = (double) line.length / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = (bicubic ? 2.0 : 1.0) * filterscale;
        double center = (i + 0.5) * scale;
        int lo = Math.max((int) (center - support + 0.5), 0);
        int hi = Math.min((int) (center + support + 0.5), line.length);
        double[] weights = new double[hi - lo];
        double total = 0;
        for (int j = lo; j < hi; j++) {
            double x = Math.abs((j - center + 0.5) * (1.0 / filterscale));
            double w;
            if (!bicubic) {
                w = Math.max(0.0, 1.0 - x);
            } else if (x < 1) {
                w = 1.5 * x * x * x - 2.5 * x * x + 1;
            } else if (x < 2) {
                w = -0.5 * x * x * x + 2.5 * x * x - 4 * x + 2;
            } else {
                w = 0;
            }
            weights[j - lo] = w;
            total += w;
        }
        long accumulator = 1 << 21;
        for (int j = lo; j < hi; j++) {
            double scaled = weights[j - lo] / total * (1 << 22);
            long fixed = scaled < 0 ? (long) (scaled - 0.5) : (long) (scaled + 0.5);
            accumulator += line[j] * fixed;
        }
        return Math.clamp(accumulator >> 22, 0, 255);
    }
}
