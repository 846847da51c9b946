/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

/**
 * Per-phrase scores of a map over the patch grid ([patches], row-major) against the phrase's
 * patches ({@link PhraseTarget}).
 */
public final class GroundingMetrics {

    private GroundingMetrics() {
    }

    /** Pointing game: the map's largest patch (the first of equal ones) belongs to the phrase. */
    public static boolean pointingHit(float[] map, boolean[] inside) {
        int peak = 0;
        for (int p = 1; p < map.length; p++) {
            if (map[p] > map[peak]) {
                peak = p;
            }
        }
        return inside[peak];
    }

    /**
     * The share of the map's positive mass that lies on the phrase's patches:
     * {@code sum_{p in box} max(m_p, 0) / sum_p max(m_p, 0)}; 0 when no patch is positive.
     */
    public static double massInBox(float[] map, boolean[] inside) {
        double total = 0;
        double in = 0;
        for (int p = 0; p < map.length; p++) {
            double positive = Math.max(map[p], 0);
            total += positive;
            in += inside[p] ? positive : 0;
        }
        return total > 0 ? in / total : 0;
    }

    /** The chance level of both scores: the phrase's share of the grid's patches. */
    public static double chance(boolean[] inside) {
        int count = 0;
        for (boolean in : inside) {
            count += in ? 1 : 0;
        }
        return count / (double) inside.length;
    }

    /** A phrase's interaction with the box: {@code sum_{p in box} m_p} (signed). */
    public static double interactionInBox(float[] map, boolean[] inside) {
        double sum = 0;
        for (int p = 0; p < map.length; p++) {
            sum += inside[p] ? map[p] : 0;
        }
        return sum;
    }
}
