/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.Color;
import java.util.List;

/**
 * A colour map for signed scores: a light neutral at 0 and two hues that darken evenly towards
 * -1 and +1. Stops are given in OKLCh (OKLab lightness, chroma, hue) and joined by straight
 * lines in OKLab, so equal steps in the score look like equal steps in colour; both sides share
 * the stops' lightness, so v and -v are equally far from the neutral.
 */
public final class DivergingColorMap {

    /** A control colour: OKLab lightness in (0, 1], chroma >= 0, hue angle in degrees. */
    public record Stop(double lightness, double chroma, double hueDegrees) {

        public Stop {
            if (!(lightness > 0 && lightness <= 1) || !(chroma >= 0)
                    || !Double.isFinite(hueDegrees)) {
                throw new IllegalArgumentException("bad OKLCh stop " + lightness + ", " + chroma
                        + ", " + hueDegrees);
            }
        }

        double a() {
            return chroma * Math.cos(Math.toRadians(hueDegrees));
        }

        double b() {
            return chroma * Math.sin(Math.toRadians(hueDegrees));
        }
    }

    /**
     * Blue for negative, warm orange to deep red for positive, near-white at 0. Blue against
     * orange-red stays apart for the common red-green colour-vision deficiencies (they differ
     * along the blue-yellow axis those viewers keep), and lightness alone orders the magnitudes,
     * so the map also reads in greyscale print.
     */
    public static final DivergingColorMap BLUE_RED = new DivergingColorMap(
            new Stop(0.97, 0, 0),
            List.of(new Stop(0.87, 0.045, 240), new Stop(0.75, 0.085, 245),
                    new Stop(0.61, 0.12, 252), new Stop(0.44, 0.12, 260)),
            List.of(new Stop(0.87, 0.055, 65), new Stop(0.75, 0.12, 50),
                    new Stop(0.61, 0.16, 35), new Stop(0.44, 0.135, 25)));

    private static final int TABLE_SIZE = 1024;

    private final int[] negativeTable;
    private final int[] positiveTable;

    /**
     * @param negative stops at |t| = 1/n, 2/n, ..., 1 on the negative side, getting darker
     * @param positive the same for the positive side, as many stops as {@code negative}
     */
    public DivergingColorMap(Stop neutral, List<Stop> negative, List<Stop> positive) {
        if (negative.isEmpty() || negative.size() != positive.size()) {
            throw new IllegalArgumentException("both sides need the same, non-zero number of stops");
        }
        this.negativeTable = table(neutral, negative);
        this.positiveTable = table(neutral, positive);
    }

    /** Packed 0xRRGGBB for a score already divided by the scale: t in [-1, 1], clamped. */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("score is NaN");
        }
        double magnitude = Math.min(1, Math.abs(t));
        int index = (int) Math.round(magnitude * (TABLE_SIZE - 1));
        return t < 0 ? negativeTable[index] : positiveTable[index];
    }

    public Color color(double t) {
        return new Color(rgb(t));
    }

    /** The colour of 0. */
    public int neutralRgb() {
        return positiveTable[0];
    }

    private static int[] table(Stop neutral, List<Stop> stops) {
        Stop previous = neutral;
        for (Stop stop : stops) {
            if (stop.lightness() >= previous.lightness()) {
                throw new IllegalArgumentException("lightness must fall away from the neutral");
            }
            previous = stop;
        }
        int[] table = new int[TABLE_SIZE];
        int segments = stops.size();
        for (int i = 0; i < TABLE_SIZE; i++) {
            double position = i * (double) segments / (TABLE_SIZE - 1);
            int segment = Math.min(segments - 1, (int) position);
            double f = position - segment;
            Stop from = segment == 0 ? neutral : stops.get(segment - 1);
            Stop to = stops.get(segment);
            table[i] = inGamut(lerp(from.lightness(), to.lightness(), f),
                    lerp(from.a(), to.a(), f), lerp(from.b(), to.b(), f));
        }
        return table;
    }

    /** The colour itself, or the same lightness and hue with the largest chroma sRGB can show. */
    private static int inGamut(double lightness, double a, double b) {
        int rgb = OkLab.toRgb(lightness, a, b);
        if (rgb >= 0) {
            return rgb;
        }
        double low = 0;
        double high = 1;
        for (int step = 0; step < 30; step++) {
            double mid = (low + high) / 2;
            if (OkLab.toRgb(lightness, a * mid, b * mid) >= 0) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return OkLab.toRgb(lightness, a * low, b * low);
    }

    private static double lerp(double from, double to, double f) {
        return from + (to - from) * f;
    }
}
