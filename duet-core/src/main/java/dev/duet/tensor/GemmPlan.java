/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.Arrays;

/**
 * How one product is carried out: which algorithm, on how many threads, and along which
 * dimension of C the threads split it.
 *
 * <p>Threads split C into disjoint rectangles and each packs its own blocks of B (A is read in
 * place), so splitting the columns packs every part of B once, while splitting the rows packs
 * all of B in every thread. The plan splits the columns unless they are too few to give each
 * thread several panels and A is the taller side.
 */
record GemmPlan(int m, int n, int k, Algorithm algorithm, int threads, Split split) {

    enum Algorithm {
        /** The plain loop of {@link Gemm#reference}; any set-up would cost more than it saves. */
        TINY,
        /** {@link AxpyGemm}: a row vector (or two) times B stored k x n. */
        AXPY,
        /** {@link DotGemm}: few rows of A against B stored n x k, no packing. */
        DOT,
        /** {@link BlockedGemm}: packed panels and {@link MicroKernel}. */
        BLOCKED
    }

    enum Split { ROWS, COLUMNS }

    /**
     * At most this many multiply-adds go to {@link Algorithm#TINY}. The plain loop is a chain of
     * dependent adds; already at the attention products of short captions (8 x 8 x 32 per head)
     * packing for the blocked kernel costs less (measured: a training step 12-18 % faster than
     * with 4096, BENCHMARKS.md).
     */
    private static final long TINY_WORK = 256;
    /** Below this many multiply-adds a second thread costs more to wake than it saves. */
    private static final long SERIAL_WORK = 1L << 17;
    /**
     * Rows of A up to which {@link DotGemm} beats packing B^T for the blocked kernel (the
     * packing costs k x n however many rows share it); its tile's rate does not grow with the
     * rows, so the blocked kernel overtakes it early, sooner with 512-bit vectors than with
     * 256-bit ones, where the dot tile spills (measurements: BENCHMARKS.md, the kernels' design).
     */
    private static final int DOT_MAX_ROWS = MicroKernel.VECTORS == 4 ? 16 : 32;
    /**
     * Depth from which {@link DotGemm} beats the blocked kernel: below it the reductions at the
     * end of each inner product weigh more than packing (BENCHMARKS.md, the kernels' design).
     */
    private static final int DOT_MIN_DEPTH = 192;
    /** Fewer B panels per thread than this make the blocked path split rows instead. */
    private static final int MIN_PANELS_PER_THREAD = 4;
    /** Rows of A up to which {@link AxpyGemm} beats packing B. */
    private static final int AXPY_MAX_ROWS = 2;

    static GemmPlan of(int threads, int m, int n, int k, boolean transB) {
        long work = (long) m * n * k;
        Algorithm algorithm;
        if (work <= TINY_WORK) {
            algorithm = Algorithm.TINY;
        } else if (transB && m <= DOT_MAX_ROWS && (k >= DOT_MIN_DEPTH || m < 2 * BlockedGemm.MR)) {
            algorithm = Algorithm.DOT;
        } else if (!transB && m <= AXPY_MAX_ROWS) {
            algorithm = Algorithm.AXPY;
        } else {
            algorithm = Algorithm.BLOCKED;
        }
        int used = work < SERIAL_WORK ? 1 : threads;
        boolean rowsSplit = algorithm == Algorithm.BLOCKED && m > n
                && n < used * MIN_PANELS_PER_THREAD * BlockedGemm.NR && m >= used * BlockedGemm.MR;
        return new GemmPlan(m, n, k, algorithm, used, rowsSplit ? Split.ROWS : Split.COLUMNS);
    }

    /** Columns of C per unit of work handed to a thread: a whole panel or kernel call. */
    private int columnGrain() {
        return switch (algorithm) {
            case TINY, BLOCKED -> BlockedGemm.NR;
            case AXPY -> AxpyGemm.STRIP;
            case DOT -> DotKernel.COLS;
        };
    }

    void run(Parallel parallel, MatrixOperand a, MatrixOperand b,
             float[] c, int cOffset, int ldc, boolean accumulate) {
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOffset + i * ldc, cOffset + i * ldc + n, 0f);
                }
            }
            return;
        }
        if (algorithm == Algorithm.TINY) {
            Gemm.reference(m, n, k, a.data(), a.offset(), a.stride(), a.transposed(),
                    b.data(), b.offset(), b.stride(), b.transposed(), c, cOffset, ldc, accumulate);
            return;
        }
        MatrixOperand rowMajorA = algorithm == Algorithm.DOT && a.transposed() ? copyRowMajor(a) : a;
        if (threads == 1) {
            runPart(0, m, 0, n, rowMajorA, b, c, cOffset, ldc, accumulate);
        } else if (split == Split.COLUMNS) {
            int grain = columnGrain();
            parallel.forRange(BlockedGemm.ceilDiv(n, grain), 1, (from, to) -> runPart(
                    0, m, from * grain, Math.min(n, to * grain), rowMajorA, b, c, cOffset, ldc, accumulate));
        } else {
            int grain = BlockedGemm.MR;
            parallel.forRange(BlockedGemm.ceilDiv(m, grain), 1, (from, to) -> runPart(
                    from * grain, Math.min(m, to * grain), 0, n, rowMajorA, b, c, cOffset, ldc, accumulate));
        }
    }

    private void runPart(int rowFrom, int rowTo, int colFrom, int colTo, MatrixOperand a, MatrixOperand b,
                         float[] c, int cOffset, int ldc, boolean accumulate) {
        switch (algorithm) {
            case DOT -> DotGemm.multiply(rowFrom, rowTo, colFrom, colTo, k,
                    a.data(), a.offset(), a.stride(), b.data(), b.offset(), b.stride(),
                    c, cOffset, ldc, accumulate);
            case AXPY -> AxpyGemm.multiply(rowFrom, rowTo, colFrom, colTo, k, a, b,
                    c, cOffset, ldc, accumulate);
            case BLOCKED, TINY -> BlockedGemm.multiply(rowFrom, rowTo, colFrom, colTo, k, a, b,
                    c, cOffset, ldc, accumulate);
        }
    }

    /** op(A) as an m x k row-major copy in the calling thread's workspace. */
    private MatrixOperand copyRowMajor(MatrixOperand a) {
        float[] copy = GemmWorkspace.current().rowMajorA(m * k);
        for (int p = 0; p < k; p++) {
            int from = a.offset() + p * a.stride();
            for (int i = 0; i < m; i++) {
                copy[i * k + p] = a.data()[from + i];
            }
        }
        return new MatrixOperand(copy, 0, k, false);
    }
}
