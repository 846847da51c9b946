/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code exp(x)} in float32, the same bits in a vector lane and in the scalar form, in the
 * interpreter and after JIT compilation.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: the JIT replaces it with a short-vector math
 * routine whose last bit differs from the interpreter's {@code Math.exp}, so the same forward
 * pass gave different embeddings before and after warm-up (and training could not resume
 * exactly). Here every step is an IEEE add, multiply or fused multiply-add, which round the same
 * way everywhere.
 *
 * <p>Method: {@code x = k ln2 + r} with {@code k = round(x / ln2)}, {@code |r| <= ln2 / 2}
 * (Cody-Waite: ln2 split in two so that {@code k ln2} is exact), {@code exp(r)} by the degree-7
 * polynomial of Cephes' {@code expf}, and {@code 2^k} written into the exponent bits.
 * Maximum error about 1 ulp (checked against {@code Math.exp} in {@code ExponentialTest});
 * results below {@link #UNDERFLOW} are 0, above {@link #OVERFLOW} infinite.
 */
public final class Exponential {

    /** Just below 127.5 ln 2, so that {@code k <= 127}; exp(88.72) is the largest float, so up to 0.35 above this is lost to infinity. */
    static final float OVERFLOW = 88.3762f;
    /** -126 ln 2, so that {@code k >= -126}; below it exp is under the smallest normal float. */
    static final float UNDERFLOW = -87.33654f;
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUNDER = 12582912f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private Exponential() {
    }

    public static float exp(float x) {
        if (x > OVERFLOW) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < UNDERFLOW) {
            return 0f;
        }
        float k = Math.fma(x, LOG2E, ROUNDER) - ROUNDER;
        float r = Math.fma(k, -LN2_HIGH, x);
        r = Math.fma(k, -LN2_LOW, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float rr = r * r;
        float expR = Math.fma(p, rr, r) + 1f;
        return expR * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    /** Lane-wise {@link #exp(float)}: lane for lane the same bits. */
    public static FloatVector exp(FloatVector x) {
        var species = x.species();
        // clamp so that 2^k stays a normal float; the blends below restore the limits
        FloatVector clamped = x.max(UNDERFLOW).min(OVERFLOW);
        FloatVector k = clamped.fma(LOG2E, ROUNDER).sub(ROUNDER);
        FloatVector r = k.fma(FloatVector.broadcast(species, -LN2_HIGH), clamped);
        r = k.fma(FloatVector.broadcast(species, -LN2_LOW), r);
        FloatVector p = FloatVector.broadcast(species, P0).fma(r, FloatVector.broadcast(species, P1));
        p = p.fma(r, FloatVector.broadcast(species, P2));
        p = p.fma(r, FloatVector.broadcast(species, P3));
        p = p.fma(r, FloatVector.broadcast(species, P4));
        p = p.fma(r, FloatVector.broadcast(species, P5));
        FloatVector rr = r.mul(r);
        FloatVector expR = p.fma(rr, r).add(1f);
        FloatVector twoToK = k.convert(VectorOperators.F2I, 0).reinterpretAsInts()
                .add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return expR.mul(twoToK)
                .blend(0f, x.lt(UNDERFLOW))
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, OVERFLOW));
    }
}
