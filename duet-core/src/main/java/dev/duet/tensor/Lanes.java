/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order (a pairwise tree), so that a result does not
 * depend on whether the JIT has compiled the code yet: {@code reduceLanes(ADD)} leaves the order
 * of a float sum to the implementation, and the interpreter and compiled code sum in different
 * orders.
 *
 * <p>Each level's shuffle is a constant of its own: the JIT compiles a rearrange into one
 * permute only when it sees the shuffle as a constant, which an element of a static array is
 * not (read from an array, each rearrange ran as a Java call, and the dot kernel at a third of
 * its speed).
 */
final class Lanes {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Lane i pairs with lane i xor d at the level of distance d (identity where d >= LANES: unused). */
    private static final VectorShuffle<Float> DISTANCE_8 = partners(8);
    private static final VectorShuffle<Float> DISTANCE_4 = partners(4);
    private static final VectorShuffle<Float> DISTANCE_2 = partners(2);
    private static final VectorShuffle<Float> DISTANCE_1 = partners(1);

    private Lanes() {
    }

    /** {@code sum_i v[i]} of a {@link #SPECIES} vector (up to 16 lanes), widest pairs first. */
    static float sum(FloatVector v) {
        FloatVector s = v;
        if (LANES > 8) {
            s = s.add(s.rearrange(DISTANCE_8));
        }
        if (LANES > 4) {
            s = s.add(s.rearrange(DISTANCE_4));
        }
        if (LANES > 2) {
            s = s.add(s.rearrange(DISTANCE_2));
        }
        if (LANES > 1) {
            s = s.add(s.rearrange(DISTANCE_1));
        }
        return s.lane(0);
    }

    /**
     * {@link #sum}'s scalar twin: the sum of {@code lanes[0 .. LANES)} in the same pairwise tree, so
     * with the same bits. Overwrites {@code lanes}.
     */
    static float sum(float[] lanes) {
        for (int distance = LANES / 2; distance >= 1; distance /= 2) {
            for (int i = 0; i < distance; i++) {
                lanes[i] += lanes[i + distance];
            }
        }
        return lanes[0];
    }

    /** Lanes of a {@link #SPECIES} vector: the length of {@link #sum(float[])}'s array. */
    static int count() {
        return LANES;
    }

    /**
     * Sums each of {@code count} vectors stored one after another from index 0 of
     * {@code vectors} (as {@link #sum} would, lane order included) and writes sum i at
     * {@code vectors[count * LANES + i]}; returns {@code count * LANES}. For kernels with more
     * accumulators than the compiler inlines lane sums for.
     */
    static int sumEach(float[] vectors, int count) {
        int sums = count * LANES;
        for (int i = 0; i < count; i++) {
            vectors[sums + i] = sum(FloatVector.fromArray(SPECIES, vectors, i * LANES));
        }
        return sums;
    }

    /** Floats {@link #sumEach} needs for {@code count} vectors and their sums. */
    static int sumEachRoom(int count) {
        return count * LANES + count;
    }

    private static VectorShuffle<Float> partners(int distance) {
        if (LANES > 16) {
            throw new IllegalStateException("lane sums support up to 16 float lanes, this JVM has " + LANES);
        }
        int used = distance < LANES ? distance : 0;
        return VectorShuffle.fromOp(SPECIES, i -> i ^ used);
    }
}
