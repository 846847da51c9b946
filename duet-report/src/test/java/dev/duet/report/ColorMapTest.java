/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColorMapTest {

    private static final DivergingColorMap MAP = DivergingColorMap.BLUE_RED;

    /** CIE L* (0 black to 100 white) from the WCAG luminance, independent of OKLab. */
    static double lightness(int rgb) {
        double y = Canvas.relativeLuminance(rgb);
        return y > 216.0 / 24389 ? 116 * Math.cbrt(y) - 16 : y * 24389.0 / 27;
    }

    static int red(int rgb) {
        return (rgb >> 16) & 0xff;
    }

    static int green(int rgb) {
        return (rgb >> 8) & 0xff;
    }

    static int blue(int rgb) {
        return rgb & 0xff;
    }

    @Test
    void zeroIsANearWhiteGrey() {
        int neutral = MAP.rgb(0);
        assertEquals(neutral, MAP.neutralRgb());
        assertTrue(Math.min(red(neutral), Math.min(green(neutral), blue(neutral))) >= 235,
                Integer.toHexString(neutral));
        int spread = Math.max(red(neutral), Math.max(green(neutral), blue(neutral)))
                - Math.min(red(neutral), Math.min(green(neutral), blue(neutral)));
        assertTrue(spread <= 4, "neutral has a tint: " + Integer.toHexString(neutral));
        assertEquals(neutral, MAP.rgb(-0.0));
    }

    @Test
    void oppositeScoresAreEquallyFarFromNeutral() {
        double neutral = lightness(MAP.neutralRgb());
        for (double v = 0.05; v <= 1.0001; v += 0.05) {
            double up = lightness(MAP.rgb(v));
            double down = lightness(MAP.rgb(-v));
            assertEquals(neutral - up, neutral - down, 3.0, "L* of +/-" + v);
        }
    }

    @Test
    void positiveIsWarmAndNegativeIsCool() {
        for (double v = 0.1; v <= 1.0001; v += 0.1) {
            int warm = MAP.rgb(v);
            int cool = MAP.rgb(-v);
            assertTrue(red(warm) > blue(warm) + 10, v + " -> " + Integer.toHexString(warm));
            assertTrue(blue(cool) > red(cool) + 10, -v + " -> " + Integer.toHexString(cool));
        }
    }

    @Test
    void lightnessFallsSteadilyAwayFromZero() {
        for (int sign : new int[] {1, -1}) {
            double previous = lightness(MAP.rgb(0));
            for (int step = 1; step <= 40; step++) {
                double current = lightness(MAP.rgb(sign * step / 40.0));
                assertTrue(current < previous, "L* at " + sign * step / 40.0 + ": " + current
                        + " not below " + previous);
                previous = current;
            }
            assertTrue(previous < 50, "the ends are dark enough to stand out: " + previous);
        }
    }

    @Test
    void scoresBeyondTheEndsClamp() {
        assertEquals(MAP.rgb(1), MAP.rgb(3.5));
        assertEquals(MAP.rgb(-1), MAP.rgb(-3.5));
        assertThrows(IllegalArgumentException.class, () -> MAP.rgb(Double.NaN));
    }

    @Test
    void stopsMustDarkenAwayFromNeutral() {
        var neutral = new DivergingColorMap.Stop(0.9, 0, 0);
        var lighter = new DivergingColorMap.Stop(0.95, 0.1, 30);
        var darker = new DivergingColorMap.Stop(0.5, 0.1, 250);
        assertThrows(IllegalArgumentException.class, () -> new DivergingColorMap(neutral,
                java.util.List.of(darker), java.util.List.of(lighter)));
        assertThrows(IllegalArgumentException.class, () -> new DivergingColorMap(neutral,
                java.util.List.of(darker), java.util.List.of()));
    }

    @Test
    void scaleLimitIsTheLargestMagnitude() {
        ColorScale scale = ColorScale.fitting(new float[] {0.01f, -0.03f}, new float[] {0.02f});
        assertEquals(0.03, scale.limit(), 1e-9);
        assertEquals(-1, scale.normalized(-0.03), 1e-6);
        assertEquals(1.0 / 3, scale.normalized(0.01), 1e-6);
        assertEquals(1, scale.normalized(0.5));
        assertEquals(scale.rgb(0.02), MAP.rgb(2.0 / 3), "0.02 of 0.03");
        assertEquals(1, ColorScale.fitting(new float[3]).limit(), "all-zero maps");
        assertThrows(IllegalArgumentException.class,
                () -> ColorScale.fitting(new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> ColorScale.symmetric(0));
    }

    @Test
    void tickLabelsCarryACommonFactorWhenSmall() {
        ScaleLabels hundredths = ScaleLabels.of(ColorScale.symmetric(0.0473));
        assertEquals("\u22120.047", hundredths.format(-0.0473, true));
        assertEquals("+0.024", hundredths.format(0.02365, true));
        assertEquals("0", hundredths.format(0, true));
        assertEquals("", hundredths.factorSuffix());

        ScaleLabels tiny = ScaleLabels.of(ColorScale.symmetric(4.7e-4));
        assertEquals("\u22124.7", tiny.format(-4.7e-4, true));
        assertEquals("2.4", tiny.format(2.35e-4 + 1e-9, false));
        assertEquals(" (\u00d710\u207b\u2074)", tiny.factorSuffix());

        ScaleLabels large = ScaleLabels.of(ColorScale.symmetric(150));
        assertEquals("+75", large.format(75, true));
        assertEquals(" (\u00d710\u2074)", ScaleLabels.of(ColorScale.symmetric(12345)).factorSuffix());
    }
}
