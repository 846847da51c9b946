/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExponentialTest {

    /** Against the double-precision exp rounded to float: at most 2 ulp over the whole normal range. */
    @Test
    void scalarIsWithinTwoUlpsOfMathExp() {
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < 200_000; n++) {
            float x = (float) random.nextDouble(Exponential.UNDERFLOW, Exponential.OVERFLOW);
            float expected = (float) Math.exp(x);
            float actual = Exponential.exp(x);
            assertTrue(Math.abs(actual - expected) <= 2 * Math.ulp(expected),
                    () -> "exp(" + x + ") = " + actual + ", expected " + expected);
        }
        assertEquals(1f, Exponential.exp(0f));
        assertEquals((float) Math.E, Exponential.exp(1f), Math.ulp((float) Math.E));
    }

    @Test
    void limits() {
        assertEquals(0f, Exponential.exp(-100f));
        assertEquals(0f, Exponential.exp(Float.NEGATIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, Exponential.exp(100f));
        assertEquals(Float.POSITIVE_INFINITY, Exponential.exp(Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(Exponential.exp(Float.NaN)));
    }

    /** Each lane gives the scalar form's bits, including the limits (NaN lanes stay NaN). */
    @Test
    void vectorLanesEqualScalar() {
        var species = FloatVector.SPECIES_PREFERRED;
        SplittableRandom random = new SplittableRandom(12);
        float[] in = new float[species.length() * 4096];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextDouble(-110, 110);
        }
        in[0] = Float.NaN;
        in[1] = Float.NEGATIVE_INFINITY;
        in[2] = Float.POSITIVE_INFINITY;
        in[3] = 0f;
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i += species.length()) {
            Exponential.exp(FloatVector.fromArray(species, in, i)).intoArray(out, i);
        }
        for (int i = 0; i < in.length; i++) {
            float scalar = Exponential.exp(in[i]);
            int lane = i;
            assertEquals(Float.floatToIntBits(scalar), Float.floatToIntBits(out[i]),
                    () -> "lane " + lane + ": exp(" + in[lane] + ")");
        }
    }
}
