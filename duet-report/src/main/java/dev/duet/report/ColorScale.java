/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.Color;

/**
 * Scores to colours with symmetric limits [-limit, +limit]: 0 is always the map's neutral,
 * and a score and its negative get colours equally far from it. Scores beyond the limit take
 * the end colours.
 */
public record ColorScale(double limit, DivergingColorMap map) {

    public ColorScale {
        if (!(limit > 0) || !Double.isFinite(limit)) {
            throw new IllegalArgumentException("colour scale limit must be positive and finite: "
                    + limit);
        }
        if (map == null) {
            throw new IllegalArgumentException("colour map is null");
        }
    }

    public static ColorScale symmetric(double limit) {
        return new ColorScale(limit, DivergingColorMap.BLUE_RED);
    }

    /**
     * Limits at the largest |score| of all the given maps, so a shared scale compares them
     * honestly; all-zero maps get limit 1 (everything neutral).
     */
    public static ColorScale fitting(float[]... maps) {
        double largest = 0;
        for (float[] scores : maps) {
            for (int i = 0; i < scores.length; i++) {
                if (!Float.isFinite(scores[i])) {
                    throw new IllegalArgumentException("score " + i + " is " + scores[i]);
                }
                largest = Math.max(largest, Math.abs(scores[i]));
            }
        }
        return symmetric(largest > 0 ? largest : 1);
    }

    /** The score divided by the limit, clamped to [-1, 1]. */
    public double normalized(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("score is NaN");
        }
        return Math.clamp(score / limit, -1, 1);
    }

    public int rgb(double score) {
        return map.rgb(normalized(score));
    }

    public Color color(double score) {
        return new Color(rgb(score));
    }
}
