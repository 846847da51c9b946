package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inner products along k for {@code C = A * B^T} when both A (m x k) and B (n x k) are stored
 * with k contiguous, as for {@code y = x W^T} with weights [out][in]. Reads the operands in
 * place, so it pays no packing; each accumulator is reduced across lanes once per call.
 *
 * <p>{@link #tile} forms a 4 x 4 block of C from 4 rows of A and 4 rows of B: each step loads
 * 8 vectors and issues 16 independent FMAs. {@link #row} forms 1 x 4 for the rows of A left
 * over, {@link #single} one entry for the rows of B left over.
 */
final class DotKernel {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of A per {@link #tile}. */
    static final int ROWS = 4;
    /** Rows of B (columns of C) per {@link #tile} and {@link #row}. */
    static final int COLS = 4;

    private DotKernel() {
    }

    /**
     * {@code C[i][j] (+)= sum_p A[i][p] * B[j][p]} for i < 4, j < 4, p < k; row i of A starts at
     * {@code aAt + i * lda}, row j of B at {@code bAt + j * ldb}, entry (i, j) of C at
     * {@code cAt + i * ldc + j}.
     */
    static void tile(int k, float[] a, int aAt, int lda, float[] b, int bAt, int ldb,
                     float[] c, int cAt, int ldc, boolean addToC) {
        FloatVector s00 = FloatVector.zero(SPECIES), s01 = FloatVector.zero(SPECIES), s02 = FloatVector.zero(SPECIES), s03 = FloatVector.zero(SPECIES);
        FloatVector s10 = FloatVector.zero(SPECIES), s11 = FloatVector.zero(SPECIES), s12 = FloatVector.zero(SPECIES), s13 = FloatVector.zero(SPECIES);
        FloatVector s20 = FloatVector.zero(SPECIES), s21 = FloatVector.zero(SPECIES), s22 = FloatVector.zero(SPECIES), s23 = FloatVector.zero(SPECIES);
        FloatVector s30 = FloatVector.zero(SPECIES), s31 = FloatVector.zero(SPECIES), s32 = FloatVector.zero(SPECIES), s33 = FloatVector.zero(SPECIES);
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
        if (p < k) {
            VectorMask<Float> tail = SPECIES.indexInRange(p, k);
            FloatVector y0 = FloatVector.fromArray(SPECIES, b, bAt + p, tail);
            FloatVector y1 = FloatVector.fromArray(SPECIES, b, b1 + p, tail);
            FloatVector y2 = FloatVector.fromArray(SPECIES, b, b2 + p, tail);
            FloatVector y3 = FloatVector.fromArray(SPECIES, b, b3 + p, tail);
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, aAt + p, tail);
            s00 = x0.fma(y0, s00);
            s01 = x0.fma(y1, s01);
            s02 = x0.fma(y2, s02);
            s03 = x0.fma(y3, s03);
            FloatVector x1 = FloatVector.fromArray(SPECIES, a, a1 + p, tail);
            s10 = x1.fma(y0, s10);
            s11 = x1.fma(y1, s11);
            s12 = x1.fma(y2, s12);
            s13 = x1.fma(y3, s13);
            FloatVector x2 = FloatVector.fromArray(SPECIES, a, a2 + p, tail);
            s20 = x2.fma(y0, s20);
            s21 = x2.fma(y1, s21);
            s22 = x2.fma(y2, s22);
            s23 = x2.fma(y3, s23);
            FloatVector x3 = FloatVector.fromArray(SPECIES, a, a3 + p, tail);
            s30 = x3.fma(y0, s30);
            s31 = x3.fma(y1, s31);
            s32 = x3.fma(y2, s32);
            s33 = x3.fma(y3, s33);
        }
        store(c, cAt, addToC, s00, s01, s02, s03);
        store(c, cAt + ldc, addToC, s10, s11, s12, s13);
        store(c, cAt + 2 * ldc, addToC, s20, s21, s22, s23);
        store(c, cAt + 3 * ldc, addToC, s30, s31, s32, s33);
    }

    /** {@code C[0][j] (+)= sum_p A[0][p] * B[j][p]} for j < 4: one row of A against 4 rows of B. */
    static void row(int k, float[] a, int aAt, float[] b, int bAt, int ldb,
                    float[] c, int cAt, boolean addToC) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = FloatVector.zero(SPECIES), s2 = FloatVector.zero(SPECIES), s3 = FloatVector.zero(SPECIES);
        int b1 = bAt + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        int full = k - k % LANES;
        int p = 0;
        for (; p < full; p += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, aAt + p);
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, bAt + p), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + p), s3);
        }
        if (p < k) {
            VectorMask<Float> tail = SPECIES.indexInRange(p, k);
            FloatVector x = FloatVector.fromArray(SPECIES, a, aAt + p, tail);
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, bAt + p, tail), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, b1 + p, tail), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, b2 + p, tail), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, b3 + p, tail), s3);
        }
        store(c, cAt, addToC, s0, s1, s2, s3);
    }

    /** {@code sum_p A[p] * B[p]} for p < k. */
    static float single(int k, float[] a, int aAt, float[] b, int bAt) {
        FloatVector s0 = FloatVector.zero(SPECIES);
        FloatVector s1 = FloatVector.zero(SPECIES);
        int p = 0;
        for (; p + 2 * LANES <= k; p += 2 * LANES) {
            s0 = FloatVector.fromArray(SPECIES, a, aAt + p).fma(FloatVector.fromArray(SPECIES, b, bAt + p), s0);
            s1 = FloatVector.fromArray(SPECIES, a, aAt + p + LANES)
                    .fma(FloatVector.fromArray(SPECIES, b, bAt + p + LANES), s1);
        }
        for (; p < k; p += LANES) {
            VectorMask<Float> part = SPECIES.indexInRange(p, k);
            s0 = FloatVector.fromArray(SPECIES, a, aAt + p, part)
                    .fma(FloatVector.fromArray(SPECIES, b, bAt + p, part), s0);
        }
        return s0.add(s1).reduceLanes(VectorOperators.ADD);
    }

    private static void store(float[] c, int at, boolean addToC,
                              FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3) {
        float v0 = s0.reduceLanes(VectorOperators.ADD);
        float v1 = s1.reduceLanes(VectorOperators.ADD);
        float v2 = s2.reduceLanes(VectorOperators.ADD);
        float v3 = s3.reduceLanes(VectorOperators.ADD);
        if (addToC) {
            c[at] += v0;
            c[at + 1] += v1;
            c[at + 2] += v2;
            c[at + 3] += v3;
        } else {
            c[at] = v0;
            c[at + 1] = v1;
            c[at + 2] = v2;
            c[at + 3] = v3;
        }
    }
}
