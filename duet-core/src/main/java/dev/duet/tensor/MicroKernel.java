/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner product of the blocked GEMM: one MR x NR tile of C,
 * {@code C[MR x NR] (+)= A[MR x kc] * Bpanel[kc x NR]}, B from a packed panel.
 *
 * <p>A[r][p] is read at {@code aAt + r * aRow + p * aStep}: a packed panel (aRow 1, aStep MR),
 * row-major A in place (aRow lda, aStep 1) or A stored transposed in place (aRow 1, aStep lda).
 * B panel layout: for each p, the NR values {@code B[p][0..NR)}. Each step p loads NR/lanes
 * vectors of B, broadcasts each A value once and issues MR x NR/lanes independent FMAs, enough
 * to hide the FMA latency; the accumulators stay in registers for the whole panel.
 *
 * <p>The tile is as wide as the register file allows. With 512-bit vectors (32 registers) it is
 * 6 x 4 vectors: 24 accumulators, 4 B vectors and one broadcast in 29 registers, one broadcast
 * per 4 FMAs. With 256-bit vectors (16 registers, AVX2) 6 x 4 spills; 6 x 2 vectors
 * (12 accumulators, 2 B vectors, one broadcast) fits. The shapes were chosen by measurement
 * (BENCHMARKS.md, the kernels' design).
 */
final class MicroKernel {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Vectors of B per step: 4 where the register file holds 32 vectors (AVX-512), else 2. */
    static final int VECTORS = LANES >= 16 ? 4 : 2;
    /** Rows of C per tile. */
    static final int MR = 6;
    /** Columns of C per tile. */
    static final int NR = VECTORS * LANES;
    /**
     * Tiles a process computes on the scalar twin before the vector kernel takes over ({@link ScalarStart}): the
     * embeddings of a caption and an image took about 1,200 tiles on the 64 px default model.
     */
    private static final ScalarStart SCALAR_START = new ScalarStart(3_000);

    private MicroKernel() {
    }

    /**
     * Computes one full MR x NR tile. {@code addToC} adds the product to the tile already in C,
     * otherwise the product replaces it.
     */
    static void tile(int kc, float[] a, int aAt, int aRow, int aStep, float[] bPanel, int bAt,
                     float[] c, int cAt, int ldc, boolean addToC) {
        if (SCALAR_START.take(1)) {
            scalarTile(kc, a, aAt, aRow, aStep, bPanel, bAt, c, cAt, ldc, addToC);
        } else {
            vectorTile(kc, a, aAt, aRow, aStep, bPanel, bAt, c, cAt, ldc, addToC);
        }
    }

    /**
     * {@link #tile} on the vector kernel the register file suits; with 512-bit vectors and A's rows side by side
     * (aRow 1: a packed panel, or A stored transposed) on the kernel that knows that when it is compiled.
     */
    static void vectorTile(int kc, float[] a, int aAt, int aRow, int aStep, float[] bPanel, int bAt,
                           float[] c, int cAt, int ldc, boolean addToC) {
        if (VECTORS == 4 && aRow == 1) {
            tileOfFourVectorsRowsSideBySide(kc, a, aAt, aStep, bPanel, bAt, c, cAt, ldc, addToC);
        } else if (VECTORS == 4) {
            tileOfFourVectors(kc, a, aAt, aRow, aStep, bPanel, bAt, c, cAt, ldc, addToC);
        } else {
            tileOfTwoVectors(kc, a, aAt, aRow, aStep, bPanel, bAt, c, cAt, ldc, addToC);
        }
    }

    /**
     * {@link #tile} in scalar code, with the vector kernels' bits: each element of C is one chain of fused
     * multiply-adds over the panel's steps in order, from zero, then added to C (or stored), as each lane of
     * the vector kernels computes it. Eight columns of one row at a time, their sums in locals: the JIT's first
     * tier (C1), which runs a process's first tiles, makes code 2.7-3.8 times as fast of this as of a loop that
     * keeps the tile's sums in an array (BENCHMARKS.md, session 21). NR is a multiple of 8.
     */
    static void scalarTile(int kc, float[] a, int aAt, int aRow, int aStep, float[] bPanel, int bAt,
                           float[] c, int cAt, int ldc, boolean addToC) {
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j += 8) {
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                float s4 = 0f;
                float s5 = 0f;
                float s6 = 0f;
                float s7 = 0f;
                int ai = aAt + r * aRow;
                int b = bAt + j;
                for (int p = 0; p < kc; p++) {
                    float value = a[ai];
                    s0 = Math.fma(value, bPanel[b], s0);
                    s1 = Math.fma(value, bPanel[b + 1], s1);
                    s2 = Math.fma(value, bPanel[b + 2], s2);
                    s3 = Math.fma(value, bPanel[b + 3], s3);
                    s4 = Math.fma(value, bPanel[b + 4], s4);
                    s5 = Math.fma(value, bPanel[b + 5], s5);
                    s6 = Math.fma(value, bPanel[b + 6], s6);
                    s7 = Math.fma(value, bPanel[b + 7], s7);
                    ai += aStep;
                    b += NR;
                }
                int at = cAt + r * ldc + j;
                c[at] = addToC ? c[at] + s0 : s0;
                c[at + 1] = addToC ? c[at + 1] + s1 : s1;
                c[at + 2] = addToC ? c[at + 2] + s2 : s2;
                c[at + 3] = addToC ? c[at + 3] + s3 : s3;
                c[at + 4] = addToC ? c[at + 4] + s4 : s4;
                c[at + 5] = addToC ? c[at + 5] + s5 : s5;
                c[at + 6] = addToC ? c[at + 6] + s6 : s6;
                c[at + 7] = addToC ? c[at + 7] + s7 : s7;
            }
        }
    }

    private static void tileOfFourVectors(int kc, float[] a, int aAt, int aRow, int aStep, float[] bPanel, int bAt,
                                          float[] c, int cAt, int ldc, boolean addToC) {
        int aRow1 = aRow;
        int aRow2 = aRow1 + aRow;
        int aRow3 = aRow2 + aRow;
        int aRow4 = aRow3 + aRow;
        int aRow5 = aRow4 + aRow;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero, c43 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero, c53 = zero;
        for (int p = 0; p < kc; p++) {
            int ai = aAt + p * aStep;
            int bi = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bPanel, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bPanel, bi + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(SPECIES, bPanel, bi + 3 * LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + aRow1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + aRow2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + aRow3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + aRow4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + aRow5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            c53 = a5.fma(b3, c53);
        }
        int row1 = cAt + ldc;
        int row2 = row1 + ldc;
        int row3 = row2 + ldc;
        int row4 = row3 + ldc;
        int row5 = row4 + ldc;
        if (addToC) {
            c00.add(FloatVector.fromArray(SPECIES, c, cAt)).intoArray(c, cAt);
            c01.add(FloatVector.fromArray(SPECIES, c, cAt + LANES)).intoArray(c, cAt + LANES);
            c02.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * LANES)).intoArray(c, cAt + 2 * LANES);
            c03.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * LANES)).intoArray(c, cAt + 3 * LANES);
            c10.add(FloatVector.fromArray(SPECIES, c, row1)).intoArray(c, row1);
            c11.add(FloatVector.fromArray(SPECIES, c, row1 + LANES)).intoArray(c, row1 + LANES);
            c12.add(FloatVector.fromArray(SPECIES, c, row1 + 2 * LANES)).intoArray(c, row1 + 2 * LANES);
            c13.add(FloatVector.fromArray(SPECIES, c, row1 + 3 * LANES)).intoArray(c, row1 + 3 * LANES);
            c20.add(FloatVector.fromArray(SPECIES, c, row2)).intoArray(c, row2);
            c21.add(FloatVector.fromArray(SPECIES, c, row2 + LANES)).intoArray(c, row2 + LANES);
            c22.add(FloatVector.fromArray(SPECIES, c, row2 + 2 * LANES)).intoArray(c, row2 + 2 * LANES);
            c23.add(FloatVector.fromArray(SPECIES, c, row2 + 3 * LANES)).intoArray(c, row2 + 3 * LANES);
            c30.add(FloatVector.fromArray(SPECIES, c, row3)).intoArray(c, row3);
            c31.add(FloatVector.fromArray(SPECIES, c, row3 + LANES)).intoArray(c, row3 + LANES);
            c32.add(FloatVector.fromArray(SPECIES, c, row3 + 2 * LANES)).intoArray(c, row3 + 2 * LANES);
            c33.add(FloatVector.fromArray(SPECIES, c, row3 + 3 * LANES)).intoArray(c, row3 + 3 * LANES);
            c40.add(FloatVector.fromArray(SPECIES, c, row4)).intoArray(c, row4);
            c41.add(FloatVector.fromArray(SPECIES, c, row4 + LANES)).intoArray(c, row4 + LANES);
            c42.add(FloatVector.fromArray(SPECIES, c, row4 + 2 * LANES)).intoArray(c, row4 + 2 * LANES);
            c43.add(FloatVector.fromArray(SPECIES, c, row4 + 3 * LANES)).intoArray(c, row4 + 3 * LANES);
            c50.add(FloatVector.fromArray(SPECIES, c, row5)).intoArray(c, row5);
            c51.add(FloatVector.fromArray(SPECIES, c, row5 + LANES)).intoArray(c, row5 + LANES);
            c52.add(FloatVector.fromArray(SPECIES, c, row5 + 2 * LANES)).intoArray(c, row5 + 2 * LANES);
            c53.add(FloatVector.fromArray(SPECIES, c, row5 + 3 * LANES)).intoArray(c, row5 + 3 * LANES);
        } else {
            c00.intoArray(c, cAt);
            c01.intoArray(c, cAt + LANES);
            c02.intoArray(c, cAt + 2 * LANES);
            c03.intoArray(c, cAt + 3 * LANES);
            c10.intoArray(c, row1);
            c11.intoArray(c, row1 + LANES);
            c12.intoArray(c, row1 + 2 * LANES);
            c13.intoArray(c, row1 + 3 * LANES);
            c20.intoArray(c, row2);
            c21.intoArray(c, row2 + LANES);
            c22.intoArray(c, row2 + 2 * LANES);
            c23.intoArray(c, row2 + 3 * LANES);
            c30.intoArray(c, row3);
            c31.intoArray(c, row3 + LANES);
            c32.intoArray(c, row3 + 2 * LANES);
            c33.intoArray(c, row3 + 3 * LANES);
            c40.intoArray(c, row4);
            c41.intoArray(c, row4 + LANES);
            c42.intoArray(c, row4 + 2 * LANES);
            c43.intoArray(c, row4 + 3 * LANES);
            c50.intoArray(c, row5);
            c51.intoArray(c, row5 + LANES);
            c52.intoArray(c, row5 + 2 * LANES);
            c53.intoArray(c, row5 + 3 * LANES);
        }
    }

    /**
     * {@link #tileOfFourVectors} for aRow 1: the six values of a step are read at fixed offsets from one index, which
     * the compiler checks once per step instead of six times (measured faster: BENCHMARKS.md, session 15). A second
     * body rather than a shared one, because the Vector API keeps its vectors in registers only within one compiled
     * method, and a method this large is not inlined into two callers.
     */
    private static void tileOfFourVectorsRowsSideBySide(int kc, float[] a, int aAt, int aStep, float[] bPanel, int bAt,
                                                        float[] c, int cAt, int ldc, boolean addToC) {
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero, c01 = zero, c02 = zero, c03 = zero;
        FloatVector c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        FloatVector c20 = zero, c21 = zero, c22 = zero, c23 = zero;
        FloatVector c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        FloatVector c40 = zero, c41 = zero, c42 = zero, c43 = zero;
        FloatVector c50 = zero, c51 = zero, c52 = zero, c53 = zero;
        for (int p = 0; p < kc; p++) {
            int ai = aAt + p * aStep;
            int bi = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bPanel, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bPanel, bi + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(SPECIES, bPanel, bi + 3 * LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            c53 = a5.fma(b3, c53);
        }
        int row1 = cAt + ldc;
        int row2 = row1 + ldc;
        int row3 = row2 + ldc;
        int row4 = row3 + ldc;
        int row5 = row4 + ldc;
        if (addToC) {
            c00.add(FloatVector.fromArray(SPECIES, c, cAt)).intoArray(c, cAt);
            c01.add(FloatVector.fromArray(SPECIES, c, cAt + LANES)).intoArray(c, cAt + LANES);
            c02.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * LANES)).intoArray(c, cAt + 2 * LANES);
            c03.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * LANES)).intoArray(c, cAt + 3 * LANES);
            c10.add(FloatVector.fromArray(SPECIES, c, row1)).intoArray(c, row1);
            c11.add(FloatVector.fromArray(SPECIES, c, row1 + LANES)).intoArray(c, row1 + LANES);
            c12.add(FloatVector.fromArray(SPECIES, c, row1 + 2 * LANES)).intoArray(c, row1 + 2 * LANES);
            c13.add(FloatVector.fromArray(SPECIES, c, row1 + 3 * LANES)).intoArray(c, row1 + 3 * LANES);
            c20.add(FloatVector.fromArray(SPECIES, c, row2)).intoArray(c, row2);
            c21.add(FloatVector.fromArray(SPECIES, c, row2 + LANES)).intoArray(c, row2 + LANES);
            c22.add(FloatVector.fromArray(SPECIES, c, row2 + 2 * LANES)).intoArray(c, row2 + 2 * LANES);
            c23.add(FloatVector.fromArray(SPECIES, c, row2 + 3 * LANES)).intoArray(c, row2 + 3 * LANES);
            c30.add(FloatVector.fromArray(SPECIES, c, row3)).intoArray(c, row3);
            c31.add(FloatVector.fromArray(SPECIES, c, row3 + LANES)).intoArray(c, row3 + LANES);
            c32.add(FloatVector.fromArray(SPECIES, c, row3 + 2 * LANES)).intoArray(c, row3 + 2 * LANES);
            c33.add(FloatVector.fromArray(SPECIES, c, row3 + 3 * LANES)).intoArray(c, row3 + 3 * LANES);
            c40.add(FloatVector.fromArray(SPECIES, c, row4)).intoArray(c, row4);
            c41.add(FloatVector.fromArray(SPECIES, c, row4 + LANES)).intoArray(c, row4 + LANES);
            c42.add(FloatVector.fromArray(SPECIES, c, row4 + 2 * LANES)).intoArray(c, row4 + 2 * LANES);
            c43.add(FloatVector.fromArray(SPECIES, c, row4 + 3 * LANES)).intoArray(c, row4 + 3 * LANES);
            c50.add(FloatVector.fromArray(SPECIES, c, row5)).intoArray(c, row5);
            c51.add(FloatVector.fromArray(SPECIES, c, row5 + LANES)).intoArray(c, row5 + LANES);
            c52.add(FloatVector.fromArray(SPECIES, c, row5 + 2 * LANES)).intoArray(c, row5 + 2 * LANES);
            c53.add(FloatVector.fromArray(SPECIES, c, row5 + 3 * LANES)).intoArray(c, row5 + 3 * LANES);
        } else {
            c00.intoArray(c, cAt);
            c01.intoArray(c, cAt + LANES);
            c02.intoArray(c, cAt + 2 * LANES);
            c03.intoArray(c, cAt + 3 * LANES);
            c10.intoArray(c, row1);
            c11.intoArray(c, row1 + LANES);
            c12.intoArray(c, row1 + 2 * LANES);
            c13.intoArray(c, row1 + 3 * LANES);
            c20.intoArray(c, row2);
            c21.intoArray(c, row2 + LANES);
            c22.intoArray(c, row2 + 2 * LANES);
            c23.intoArray(c, row2 + 3 * LANES);
            c30.intoArray(c, row3);
            c31.intoArray(c, row3 + LANES);
            c32.intoArray(c, row3 + 2 * LANES);
            c33.intoArray(c, row3 + 3 * LANES);
            c40.intoArray(c, row4);
            c41.intoArray(c, row4 + LANES);
            c42.intoArray(c, row4 + 2 * LANES);
            c43.intoArray(c, row4 + 3 * LANES);
            c50.intoArray(c, row5);
            c51.intoArray(c, row5 + LANES);
            c52.intoArray(c, row5 + 2 * LANES);
            c53.intoArray(c, row5 + 3 * LANES);
        }
    }

    private static void tileOfTwoVectors(int kc, float[] a, int aAt, int aRow, int aStep, float[] bPanel, int bAt,
                                         float[] c, int cAt, int ldc, boolean addToC) {
        int aRow1 = aRow;
        int aRow2 = aRow1 + aRow;
        int aRow3 = aRow2 + aRow;
        int aRow4 = aRow3 + aRow;
        int aRow5 = aRow4 + aRow;
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++) {
            int ai = aAt + p * aStep;
            int bi = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bPanel, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + aRow1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + aRow2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + aRow3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + aRow4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + aRow5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        int row1 = cAt + ldc;
        int row2 = row1 + ldc;
        int row3 = row2 + ldc;
        int row4 = row3 + ldc;
        int row5 = row4 + ldc;
        if (addToC) {
            c00.add(FloatVector.fromArray(SPECIES, c, cAt)).intoArray(c, cAt);
            c01.add(FloatVector.fromArray(SPECIES, c, cAt + LANES)).intoArray(c, cAt + LANES);
            c10.add(FloatVector.fromArray(SPECIES, c, row1)).intoArray(c, row1);
            c11.add(FloatVector.fromArray(SPECIES, c, row1 + LANES)).intoArray(c, row1 + LANES);
            c20.add(FloatVector.fromArray(SPECIES, c, row2)).intoArray(c, row2);
            c21.add(FloatVector.fromArray(SPECIES, c, row2 + LANES)).intoArray(c, row2 + LANES);
            c30.add(FloatVector.fromArray(SPECIES, c, row3)).intoArray(c, row3);
            c31.add(FloatVector.fromArray(SPECIES, c, row3 + LANES)).intoArray(c, row3 + LANES);
            c40.add(FloatVector.fromArray(SPECIES, c, row4)).intoArray(c, row4);
            c41.add(FloatVector.fromArray(SPECIES, c, row4 + LANES)).intoArray(c, row4 + LANES);
            c50.add(FloatVector.fromArray(SPECIES, c, row5)).intoArray(c, row5);
            c51.add(FloatVector.fromArray(SPECIES, c, row5 + LANES)).intoArray(c, row5 + LANES);
        } else {
            c00.intoArray(c, cAt);
            c01.intoArray(c, cAt + LANES);
            c10.intoArray(c, row1);
            c11.intoArray(c, row1 + LANES);
            c20.intoArray(c, row2);
            c21.intoArray(c, row2 + LANES);
            c30.intoArray(c, row3);
            c31.intoArray(c, row3 + LANES);
            c40.intoArray(c, row4);
            c41.intoArray(c, row4 + LANES);
            c50.intoArray(c, row5);
            c51.intoArray(c, row5 + LANES);
        }
    }
}
