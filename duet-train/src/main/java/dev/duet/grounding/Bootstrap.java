/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap of a mean: {@link #RESAMPLES} resamples with replacement drawn by a
 * {@link SplittableRandom} of the given seed; the interval is the 2.5th and 97.5th percentile of
 * the resampled means. The same values in the same order give the same interval.
 */
public final class Bootstrap {

    public static final int RESAMPLES = 1000;

    private Bootstrap() {
    }

    public static Interval interval(double[] values, long seed) {
        int n = values.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double mean = mean(values);
        SplittableRandom random = new SplittableRandom(seed);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += values[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new Interval(mean, means[(int) Math.floor(0.025 * (RESAMPLES - 1))],
                means[(int) Math.ceil(0.975 * (RESAMPLES - 1))], n);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }
}
