/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * Linear warm-up from {@code peak / warmupSteps} to {@code peak} over the first
 * {@code warmupSteps} steps, then exponential decay by {@code decayPerStep} per step.
 */
public record LearningRateSchedule(double peak, int warmupSteps, double decayPerStep) {

    public LearningRateSchedule {
        if (!(peak > 0) || !Double.isFinite(peak)) {
            throw new IllegalArgumentException("peak learning rate must be positive, got " + peak);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
        }
        if (!(decayPerStep > 0 && decayPerStep <= 1)) {
            throw new IllegalArgumentException("decay per step must be in (0, 1], got " + decayPerStep);
        }
    }

    public static LearningRateSchedule constant(double rate) {
        return new LearningRateSchedule(rate, 0, 1.0);
    }

    /** Warm-up, then a decay that reaches {@code finalFraction * peak} at step {@code totalSteps}. */
    public static LearningRateSchedule warmupThenDecay(double peak, int warmupSteps, long totalSteps, double finalFraction) {
        if (!(finalFraction > 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("final fraction must be in (0, 1], got " + finalFraction);
        }
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        return new LearningRateSchedule(peak, warmupSteps, Math.pow(finalFraction, 1.0 / decaySteps));
    }

    /** The rate of 0-based step {@code step}. */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        return peak * Math.pow(decayPerStep, step - warmupSteps);
    }
}
