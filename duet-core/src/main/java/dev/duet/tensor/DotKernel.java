/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner products along k for {@code C = A * B^T} when both A (m x k) and B (n x k) are stored
 * with k contiguous, as for {@code y = x W^T} with weights [out][in]. Reads the operands in
 * place, so it pays no packing; each accumulator is reduced across lanes once per call, and
 * the last k % lanes products are added in scalar code after the reduction.
 *
 * <p>{@link #tile} forms a 4 x 4 block of C from 4 rows of A and 4 rows of B: each step loads
 * 8 vectors and issues 16 independent FMAs. {@link #row} forms 1 x 4 for the rows of A left
 * over, {@link #single} one entry for the rows of B left over. The kernels call no helper
 * that takes a vector, since a call the compiler declines to inline boxes its argument: each
 * parks its accumulators in a workspace array and {@link Lanes#sumEach} sums them in a loop
 * (in the tile, sixteen inlined lane sums passed C2's node budget, NodeCountInliningCutoff, and
 * the twelve left as calls boxed an accumulator each per tile: a gigabyte a second).
 */
final class DotKernel {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of A per {@link #tile}. */
    static final int ROWS = 4;
    /** Rows of B (columns of C) per {@link #tile} and {@link #row}. */
    static final int COLS = 4;
    /** Floats of the workspace {@link #tile} parks its accumulators in. */
    static final int PARTIALS = Lanes.sumEachRoom(ROWS * COLS);

    private DotKernel() {
    }

    /**
     * {@code C[i][j] (+)= sum_p A[i][p] * B[j][p]} for i < 4, j < 4, p < k; row i of A starts at
     * {@code aAt + i * lda}, row j of B at {@code bAt + j * ldb}, entry (i, j) of C at
     * {@code cAt + i * ldc + j}. {@code partials} is room for {@link #PARTIALS} floats.
     */
    static void tile(int k, float[] a, int aAt, int lda, float[] b, int bAt, int ldb,
                     float[] c, int cAt, int ldc, boolean addToC, float[] partials) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = zero;
        FloatVector s10 = zero, s11 = zero, s12 = zero, s13 = zero;
        FloatVector s20 = zero, s21 = zero, s22 = zero, s23 = zero;
        FloatVector s30 = zero, s31 = zero, s32 = zero, s33 = zero;
        int a1 = aAt + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int b1 = bAt + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        int full = k - k % LANES;
        int p = 0;
        for (; p < full; p += LANES) {
            FloatVector y0 = FloatVector.fromArray(SPECIES, b, bAt + p);
            FloatVector y1 = FloatVector.fromArray(SPECIES, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(SPECIES, b, b2 + p);
            FloatVector y3 = FloatVector.fromArray(SPECIES, b, b3 + p);
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, aAt + p);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
            FloatVector x1 = FloatVector.fromArray(SPECIES, a, a1 + p);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
            s12 = x1.fma(y2, s12);
            s13 = x1.fma(y3, s13);
            FloatVector x2 = FloatVector.fromArray(SPECIES, a, a2 + p);
            s20 = x2.fma(y0, s20);
            s21 = x2.fma(y1, s21);
            s22 = x2.fma(y2, s22);
            s23 = x2.fma(y3, s23);
            FloatVector x3 = FloatVector.fromArray(SPECIES, a, a3 + p);
            s30 = x3.fma(y0, s30);
            s31 = x3.fma(y1, s31);
            s32 = x3.fma(y2, s32);
            s33 = x3.fma(y3, s33);
        }
        s00.intoArray(partials, 0);
        s01.intoArray(partials, 1 * LANES);
        s02.intoArray(partials, 2 * LANES);
        s03.intoArray(partials, 3 * LANES);
        s10.intoArray(partials, 4 * LANES);
        s11.intoArray(partials, 5 * LANES);
        s12.intoArray(partials, 6 * LANES);
        s13.intoArray(partials, 7 * LANES);
        s20.intoArray(partials, 8 * LANES);
        s21.intoArray(partials, 9 * LANES);
        s22.intoArray(partials, 10 * LANES);
        s23.intoArray(partials, 11 * LANES);
        s30.intoArray(partials, 12 * LANES);
        s31.intoArray(partials, 13 * LANES);
        s32.intoArray(partials, 14 * LANES);
        s33.intoArray(partials, 15 * LANES);
        int at = Lanes.sumEach(partials, ROWS * COLS);
        float v00 = partials[at];
        float v01 = partials[at + 1];
        float v02 = partials[at + 2];
        float v03 = partials[at + 3];
        float v10 = partials[at + 4];
        float v11 = partials[at + 5];
        float v12 = partials[at + 6];
        float v13 = partials[at + 7];
        float v20 = partials[at + 8];
        float v21 = partials[at + 9];
        float v22 = partials[at + 10];
        float v23 = partials[at + 11];
        float v30 = partials[at + 12];
        float v31 = partials[at + 13];
        float v32 = partials[at + 14];
        float v33 = partials[at + 15];
        for (; p < k; p++) {
            float y0 = b[bAt + p];
            float y1 = b[b1 + p];
            float y2 = b[b2 + p];
            float y3 = b[b3 + p];
            float x0 = a[aAt + p];
            v00 += x0 * y0;
            v01 += x0 * y1;
            v02 += x0 * y2;
            v03 += x0 * y3;
            float x1 = a[a1 + p];
            v10 += x1 * y0;
            v11 += x1 * y1;
            v12 += x1 * y2;
            v13 += x1 * y3;
            float x2 = a[a2 + p];
            v20 += x2 * y0;
            v21 += x2 * y1;
            v22 += x2 * y2;
            v23 += x2 * y3;
            float x3 = a[a3 + p];
            v30 += x3 * y0;
            v31 += x3 * y1;
            v32 += x3 * y2;
            v33 += x3 * y3;
        }
        if (addToC) {
            c[cAt] += v00;
            c[cAt + 1] += v01;
            c[cAt + 2] += v02;
            c[cAt + 3] += v03;
            c[cAt + ldc] += v10;
            c[cAt + ldc + 1] += v11;
            c[cAt + ldc + 2] += v12;
            c[cAt + ldc + 3] += v13;
            c[cAt + 2 * ldc] += v20;
            c[cAt + 2 * ldc + 1] += v21;
            c[cAt + 2 * ldc + 2] += v22;
            c[cAt + 2 * ldc + 3] += v23;
            c[cAt + 3 * ldc] += v30;
            c[cAt + 3 * ldc + 1] += v31;
            c[cAt + 3 * ldc + 2] += v32;
            c[cAt + 3 * ldc + 3] += v33;
        } else {
            c[cAt] = v00;
            c[cAt + 1] = v01;
            c[cAt + 2] = v02;
            c[cAt + 3] = v03;
            c[cAt + ldc] = v10;
            c[cAt + ldc + 1] = v11;
            c[cAt + ldc + 2] = v12;
            c[cAt + ldc + 3] = v13;
            c[cAt + 2 * ldc] = v20;
            c[cAt + 2 * ldc + 1] = v21;
            c[cAt + 2 * ldc + 2] = v22;
            c[cAt + 2 * ldc + 3] = v23;
            c[cAt + 3 * ldc] = v30;
            c[cAt + 3 * ldc + 1] = v31;
            c[cAt + 3 * ldc + 2] = v32;
            c[cAt + 3 * ldc + 3] = v33;
        }
    }

    /**
     * {@code C[0][j] (+)= sum_p A[0][p] * B[j][p]} for j < 4: one row of A against 4 rows of B; {@code partials}
     * as for {@link #tile}.
     */
    static void row(int k, float[] a, int aAt, float[] b, int bAt, int ldb,
                    float[] c, int cAt, boolean addToC, float[] partials) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = zero;
        int b1 = bAt + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        int full = k - k % LANES;
        int p = 0;
        for (; p < full; p += LANES) {
            FloatVector y0 = FloatVector.fromArray(SPECIES, b, bAt + p);
            FloatVector y1 = FloatVector.fromArray(SPECIES, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(SPECIES, b, b2 + p);
            FloatVector y3 = FloatVector.fromArray(SPECIES, b, b3 + p);
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, aAt + p);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
        }
        s00.intoArray(partials, 0);
        s01.intoArray(partials, LANES);
        s02.intoArray(partials, 2 * LANES);
        s03.intoArray(partials, 3 * LANES);
        int at = Lanes.sumEach(partials, COLS);
        float v00 = partials[at];
        float v01 = partials[at + 1];
        float v02 = partials[at + 2];
        float v03 = partials[at + 3];
        for (; p < k; p++) {
            float y0 = b[bAt + p];
            float y1 = b[b1 + p];
            float y2 = b[b2 + p];
            float y3 = b[b3 + p];
            float x0 = a[aAt + p];
            v00 += x0 * y0;
            v01 += x0 * y1;
            v02 += x0 * y2;
            v03 += x0 * y3;
        }
        if (addToC) {
            c[cAt] += v00;
            c[cAt + 1] += v01;
            c[cAt + 2] += v02;
            c[cAt + 3] += v03;
        } else {
            c[cAt] = v00;
            c[cAt + 1] = v01;
            c[cAt + 2] = v02;
            c[cAt + 3] = v03;
        }
    }

    /**
     * One entry {@code sum_p A[p] * B[p]} (p < k) as {@link #tile} and {@link #row} form it, in
     * scalar code with their bits: each lane's chain of fused multiply-adds over the whole vectors
     * of k, the lanes summed in {@link Lanes}' tree, then the last k % lanes products added in
     * order. {@code lanes} is room for {@link Lanes#count()} floats.
     */
    static float scalarEntry(int k, float[] a, int aAt, float[] b, int bAt, float[] lanes) {
        Arrays.fill(lanes, 0, LANES, 0f);
        int full = k - k % LANES;
        for (int p = 0; p < full; p += LANES) {
            for (int l = 0; l < LANES; l++) {
                lanes[l] = Math.fma(a[aAt + p + l], b[bAt + p + l], lanes[l]);
            }
        }
        float sum = Lanes.sum(lanes);
        for (int p = full; p < k; p++) {
            sum += a[aAt + p] * b[bAt + p];
        }
        return sum;
    }

    /**
     * {@link #single} in scalar code with its bits: two accumulators of a lane each over pairs of
     * whole vectors, added lane by lane, summed in {@link Lanes}' tree, then the rest in order.
     * {@code lanes} is room for twice {@link Lanes#count()} floats.
     */
    static float scalarSingle(int k, float[] a, int aAt, float[] b, int bAt, float[] lanes) {
        Arrays.fill(lanes, 0, 2 * LANES, 0f);
        int p = 0;
        for (; p + 2 * LANES <= k; p += 2 * LANES) {
            for (int l = 0; l < 2 * LANES; l++) {
                lanes[l] = Math.fma(a[aAt + p + l], b[bAt + p + l], lanes[l]);
            }
        }
        for (int l = 0; l < LANES; l++) {
            lanes[l] += lanes[LANES + l];
        }
        float sum = Lanes.sum(lanes);
        for (; p < k; p++) {
            sum += a[aAt + p] * b[bAt + p];
        }
        return sum;
    }

    /** {@code sum_p A[p] * B[p]} for p < k; {@code partials} as for {@link #tile}. */
    static float single(int k, float[] a, int aAt, float[] b, int bAt, float[] partials) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        int p = 0;
        for (; p + 2 * LANES <= k; p += 2 * LANES) {
            s0 = FloatVector.fromArray(SPECIES, a, aAt + p)
                    .fma(FloatVector.fromArray(SPECIES, b, bAt + p), s0);
            s1 = FloatVector.fromArray(SPECIES, a, aAt + p + LANES)
                    .fma(FloatVector.fromArray(SPECIES, b, bAt + p + LANES), s1);
        }
        s0.add(s1).intoArray(partials, 0);
        float sum = partials[Lanes.sumEach(partials, 1)];
        for (; p < k; p++) {
            sum += a[aAt + p] * b[bAt + p];
        }
        return sum;
    }
}
