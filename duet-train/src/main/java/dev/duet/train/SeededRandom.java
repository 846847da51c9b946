/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * A small reproducible random stream (SplitMix64) whose whole state is one long, so a training
 * checkpoint can store it and a resumed run draws the same numbers. Gaussians use Box-Muller
 * with {@link StrictMath}, which gives the same bits on every platform.
 */
public final class SeededRandom {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    private SeededRandom(long state) {
        this.state = state;
    }

    public static SeededRandom seeded(long seed) {
        return new SeededRandom(mix(seed));
    }

    /** Continues a stream from a value of {@link #state()}. */
    public static SeededRandom restore(long state) {
        return new SeededRandom(state);
    }

    public long state() {
        return state;
    }

    /** An independent stream derived from this one's next value (for a sub-task such as initialisation of one tensor). */
    public SeededRandom split() {
        return new SeededRandom(mix(nextLong()));
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
    }

    /** Standard normal; consumes two uniforms (the second Box-Muller value is dropped to keep the state one long). */
    public double nextGaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
