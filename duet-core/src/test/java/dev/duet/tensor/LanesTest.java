/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lane sums: the pairwise tree against a double-precision sum, and the parked form against the tree. */
class LanesTest {

    private static final int LANES = Lanes.SPECIES.length();

    /** Each lane sum is within the float rounding of its lanes' exact sum. */
    @Test
    void sumIsTheLanesTotal() {
        SplittableRandom random = new SplittableRandom(21);
        float[] lanes = new float[LANES];
        for (int trial = 0; trial < 10_000; trial++) {
            double exact = 0;
            double magnitude = 0;
            for (int i = 0; i < LANES; i++) {
                lanes[i] = (float) random.nextDouble(-100, 100);
                exact += lanes[i];
                magnitude += Math.abs(lanes[i]);
            }
            float sum = Lanes.sum(FloatVector.fromArray(Lanes.SPECIES, lanes, 0));
            assertEquals(exact, sum, 4 * Math.ulp((float) magnitude));
        }
    }

    /**
     * {@code sumEach}, which kernels with many accumulators use, gives each vector the bits of
     * {@code sum}, written after the vectors.
     */
    @Test
    void sumEachGivesTheBitsOfSum() {
        SplittableRandom random = new SplittableRandom(22);
        int count = 16;
        float[] parked = new float[Lanes.sumEachRoom(count)];
        for (int i = 0; i < count * LANES; i++) {
            parked[i] = (float) random.nextDouble(-1e3, 1e3);
        }
        float[] expected = new float[count];
        for (int v = 0; v < count; v++) {
            expected[v] = Lanes.sum(FloatVector.fromArray(Lanes.SPECIES, parked, v * LANES));
        }
        int at = Lanes.sumEach(parked, count);
        assertEquals(count * LANES, at);
        for (int v = 0; v < count; v++) {
            assertEquals(Float.floatToRawIntBits(expected[v]), Float.floatToRawIntBits(parked[at + v]), "vector " + v);
        }
    }
}
