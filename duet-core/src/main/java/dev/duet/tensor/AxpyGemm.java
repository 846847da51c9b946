/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C[rows x cols] (+)= op(A) * B} with B stored k x n, one row of C at a time: a strip of
 * C's row stays in registers while the rows of B stream past, each scaled by one entry of A.
 * For a row vector times a matrix (m = 1) it reads B exactly once and packs nothing.
 */
final class AxpyGemm {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Columns per strip: four independent accumulators. */
    static final int STRIP = 4 * LANES;

    private AxpyGemm() {
    }

    /** Rows [rowFrom, rowTo) and columns [colFrom, colTo) of C; B is not transposed. */
    static void multiply(int rowFrom, int rowTo, int colFrom, int colTo, int k,
                         MatrixOperand a, MatrixOperand b,
                         float[] c, int cOffset, int ldc, boolean accumulate) {
        int aStep = a.transposed() ? a.stride() : 1;
        for (int i = rowFrom; i < rowTo; i++) {
            int aAt = a.transposed() ? a.offset() + i : a.offset() + i * a.stride();
            int cRow = cOffset + i * ldc;
            int j = colFrom;
            for (; j + STRIP <= colTo; j += STRIP) {
                strip(k, a.data(), aAt, aStep, b.data(), b.offset() + j, b.stride(), c, cRow + j, accumulate);
            }
            for (; j < colTo; j += LANES) {
                VectorMask<Float> part = SPECIES.indexInRange(j, colTo);
                partial(k, a.data(), aAt, aStep, b.data(), b.offset() + j, b.stride(), part,
                        c, cRow + j, accumulate);
            }
        }
    }

    private static void strip(int k, float[] a, int aAt, int aStep, float[] b, int bAt, int ldb,
                              float[] c, int cAt, boolean accumulate) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        FloatVector s2 = FloatVector.zero(SPECIES);
        FloatVector s3 = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[aAt + p * aStep]);
            int row = bAt + p * ldb;
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, row), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, row + LANES), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, row + 2 * LANES), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, row + 3 * LANES), s3);
        }
        if (accumulate) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, c, cAt));
            s1 = s1.add(FloatVector.fromArray(SPECIES, c, cAt + LANES));
            s2 = s2.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * LANES));
            s3 = s3.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * LANES));
        }
        s0.intoArray(c, cAt);
        s1.intoArray(c, cAt + LANES);
        s2.intoArray(c, cAt + 2 * LANES);
        s3.intoArray(c, cAt + 3 * LANES);
    }

    private static void partial(int k, float[] a, int aAt, int aStep, float[] b, int bAt, int ldb,
                                VectorMask<Float> part, float[] c, int cAt, boolean accumulate) {
        FloatVector s = FloatVector.zero(SPECIES);
        for (int p = 0; p < k; p++) {
            FloatVector x = FloatVector.broadcast(SPECIES, a[aAt + p * aStep]);
            s = x.fma(FloatVector.fromArray(SPECIES, b, bAt + p * ldb, part), s);
        }
        if (accumulate) {
            s = s.add(FloatVector.fromArray(SPECIES, c, cAt, part));
        }
        s.intoArray(c, cAt, part);
    }
}
