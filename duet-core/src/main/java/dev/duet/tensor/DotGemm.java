/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * {@code C[rows x cols] (+)= A[rows x k] * B[cols x k]^T} with both operands read in place
 * (k contiguous in each), through {@link DotKernel}. It skips the transposing pack that the
 * blocked path needs for this layout, which pays off when A has few rows.
 *
 * <p>Loop order: a block of B rows sized to stay in L2, then 4 rows of A (in L1), then 4 rows
 * of B at a time.
 */
final class DotGemm {

    private static final int ROWS = DotKernel.ROWS;
    private static final int COLS = DotKernel.COLS;
    /** Floats of B per L2 block (256 KiB). */
    private static final int BLOCK_FLOATS = 1 << 16;

    private DotGemm() {
    }

    /**
     * Rows [rowFrom, rowTo) and columns [colFrom, colTo) of C, where row i of A starts at
     * {@code aOffset + i * lda}, row j of B at {@code bOffset + j * ldb}.
     */
    static void multiply(int rowFrom, int rowTo, int colFrom, int colTo, int k,
                         float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                         float[] c, int cOffset, int ldc, boolean accumulate) {
        if (SCALAR_START.take((long) (rowTo - rowFrom) * (colTo - colFrom))) {
            scalarMultiply(rowFrom, rowTo, colFrom, colTo, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc,
                    accumulate);
        } else {
            vectorMultiply(rowFrom, rowTo, colFrom, colTo, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc,
                    accumulate);
        }
    }

    /**
     * Entries of C a process computes on {@link #scalarMultiply} first ({@link ScalarStart}); a five-token caption's
     * embedding with the default model takes 23,168 (5 rows x 1,152 columns in each of 4 blocks, 128 for the projection).
     */
    private static final ScalarStart SCALAR_START = new ScalarStart(100_000);

    /** Columns of one block of B: as many as fit {@link #BLOCK_FLOATS}, in whole quads. */
    private static int blockColumns(int k) {
        return Math.max(COLS, BLOCK_FLOATS / k / COLS * COLS);
    }

    /**
     * {@link #multiply} in scalar code with {@link #vectorMultiply}'s bits: the columns of a
     * block that the vector form takes four at a time get {@link DotKernel#scalarEntry} (as
     * {@link DotKernel#tile} and {@link DotKernel#row} form them), the rest
     * {@link DotKernel#scalarSingle}.
     */
    static void scalarMultiply(int rowFrom, int rowTo, int colFrom, int colTo, int k,
                               float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                               float[] c, int cOffset, int ldc, boolean accumulate) {
        int blockCols = blockColumns(k);
        float[] lanes = new float[2 * Lanes.count()];
        for (int jb = colFrom; jb < colTo; jb += blockCols) {
            int jEnd = Math.min(colTo, jb + blockCols);
            int quadEnd = jb + (jEnd - jb) / COLS * COLS;
            for (int i = rowFrom; i < rowTo; i++) {
                int aAt = aOffset + i * lda;
                for (int j = jb; j < jEnd; j++) {
                    int bAt = bOffset + j * ldb;
                    float sum = j < quadEnd ? DotKernel.scalarEntry(k, a, aAt, b, bAt, lanes)
                            : DotKernel.scalarSingle(k, a, aAt, b, bAt, lanes);
                    int at = cOffset + i * ldc + j;
                    c[at] = accumulate ? c[at] + sum : sum;
                }
            }
        }
    }

    /** {@link #multiply} on the vector kernels. */
    static void vectorMultiply(int rowFrom, int rowTo, int colFrom, int colTo, int k,
                               float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                               float[] c, int cOffset, int ldc, boolean accumulate) {
        int blockCols = blockColumns(k);
        float[] partials = GemmWorkspace.current().dotPartials();
        for (int jb = colFrom; jb < colTo; jb += blockCols) {
            int jEnd = Math.min(colTo, jb + blockCols);
            int quadEnd = jb + (jEnd - jb) / COLS * COLS;
            int i = rowFrom;
            for (; i + ROWS <= rowTo; i += ROWS) {
                int aAt = aOffset + i * lda;
                int cAt = cOffset + i * ldc;
                for (int j = jb; j < quadEnd; j += COLS) {
                    DotKernel.tile(k, a, aAt, lda, b, bOffset + j * ldb, ldb, c, cAt + j, ldc, accumulate, partials);
                }
                for (int r = 0; r < ROWS; r++) {
                    singles(k, a, aAt + r * lda, b, bOffset, ldb, quadEnd, jEnd,
                            c, cAt + r * ldc, accumulate, partials);
                }
            }
            for (; i < rowTo; i++) {
                int aAt = aOffset + i * lda;
                int cAt = cOffset + i * ldc;
                for (int j = jb; j < quadEnd; j += COLS) {
                    DotKernel.row(k, a, aAt, b, bOffset + j * ldb, ldb, c, cAt + j, accumulate, partials);
                }
                singles(k, a, aAt, b, bOffset, ldb, quadEnd, jEnd, c, cAt, accumulate, partials);
            }
        }
    }

    /** Columns [from, to) of one row of C, one inner product each. */
    private static void singles(int k, float[] a, int aAt, float[] b, int bOffset, int ldb,
                                int from, int to, float[] c, int cRow, boolean accumulate, float[] partials) {
        for (int j = from; j < to; j++) {
            float sum = DotKernel.single(k, a, aAt, b, bOffset + j * ldb, partials);
            c[cRow + j] = accumulate ? c[cRow + j] + sum : sum;
        }
    }
}
