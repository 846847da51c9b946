/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of the operands into the panel layouts {@link MicroKernel} reads, so that the
 * kernel streams B with unit stride whatever its storage order.
 *
 * <p>B block {@code op(B)[p0 .. p0+kc) x [j0 .. j0+nc)} becomes ceil(nc / NR) panels of
 * {@code kc * NR} floats; an A panel is MR x kc, MR values per step. Rows or columns past the
 * edge of the matrix are zero, so that edge tiles can run the full kernel.
 */
final class PanelPacking {

    private static final int MR = MicroKernel.MR;
    private static final int NR = MicroKernel.NR;
    private static final int LANES = MicroKernel.SPECIES.length();

    private PanelPacking() {
    }

    /**
     * Packs the partial last panel {@code op(A)[i0 .. i0+rows) x [p0 .. p0+kc)}, rows < MR, into
     * {@code dst[0 .. MR * kc)} with zero rows below it. Full panels of A are read in place.
     */
    static void packPartialA(MatrixOperand a, int i0, int rows, int p0, int kc, float[] dst) {
        Arrays.fill(dst, 0, MR * kc, 0f);
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < kc; p++) {
                dst[p * MR + r] = a.at(i0 + r, p0 + p);
            }
        }
    }

    /** Packs {@code op(B)[p0 .. p0+kc) x [j0 .. j0+nc)} into {@code dst[0 ..)}. */
    static void packB(MatrixOperand b, int p0, int kc, int j0, int nc, float[] dst) {
        for (int panel = 0; panel < nc; panel += NR) {
            int cols = Math.min(NR, nc - panel);
            int base = panel * kc;
            if (b.transposed()) {
                packTransposedB(b, p0, kc, j0 + panel, cols, dst, base);
            } else {
                packRowMajorB(b, p0, kc, j0 + panel, cols, dst, base);
            }
        }
    }

    /** B stored k x n: each panel step p is a contiguous run of one row of B. */
    private static void packRowMajorB(MatrixOperand b, int p0, int kc, int col, int cols,
                                      float[] dst, int base) {
        float[] src = b.data();
        int first = b.offset() + p0 * b.stride() + col;
        int stride = b.stride();
        if (cols == NR) {
            for (int p = 0; p < kc; p++) {
                int s = first + p * stride;
                int d = base + p * NR;
                for (int v = 0; v < NR; v += LANES) {
                    FloatVector.fromArray(MicroKernel.SPECIES, src, s + v).intoArray(dst, d + v);
                }
            }
            return;
        }
        Arrays.fill(dst, base, base + NR * kc, 0f);
        for (int p = 0; p < kc; p++) {
            System.arraycopy(src, first + p * stride, dst, base + p * NR, cols);
        }
    }

    /** B stored n x k (weights [out][in]): each panel step p takes one value from each of NR rows. */
    private static void packTransposedB(MatrixOperand b, int p0, int kc, int col, int cols,
                                        float[] dst, int base) {
        if (cols < NR) {
            Arrays.fill(dst, base, base + NR * kc, 0f);
        }
        interleaveRows(b.data(), b.offset() + col * b.stride() + p0, b.stride(), cols, NR, kc, dst, base);
    }

    /**
     * {@code dst[base + p * width + r] = src[first + r * stride + p]} for r < rows, p < kc: a
     * transpose of rows x kc into a panel of the given width. Groups of rows are walked in
     * step with one named index each, so the compiler sees unit-stride loads it can check
     * once per loop instead of a gather it must check per element.
     */
    private static void interleaveRows(float[] src, int first, int stride, int rows, int width, int kc,
                                       float[] dst, int base) {
        int r = 0;
        for (; r + 8 <= rows; r += 8) {
            interleave8(src, first + r * stride, stride, width, kc, dst, base + r);
        }
        for (; r + 2 <= rows; r += 2) {
            interleave2(src, first + r * stride, stride, width, kc, dst, base + r);
        }
        if (r < rows) {
            int s = first + r * stride;
            for (int p = 0; p < kc; p++) {
                dst[base + r + p * width] = src[s + p];
            }
        }
    }

    private static void interleave8(float[] src, int s0, int stride, int width, int kc, float[] dst, int d0) {
        int s1 = s0 + stride;
        int s2 = s1 + stride;
        int s3 = s2 + stride;
        int s4 = s3 + stride;
        int s5 = s4 + stride;
        int s6 = s5 + stride;
        int s7 = s6 + stride;
        for (int p = 0; p < kc; p++) {
            int d = d0 + p * width;
            dst[d] = src[s0 + p];
            dst[d + 1] = src[s1 + p];
            dst[d + 2] = src[s2 + p];
            dst[d + 3] = src[s3 + p];
            dst[d + 4] = src[s4 + p];
            dst[d + 5] = src[s5 + p];
            dst[d + 6] = src[s6 + p];
            dst[d + 7] = src[s7 + p];
        }
    }

    private static void interleave2(float[] src, int s0, int stride, int width, int kc, float[] dst, int d0) {
        int s1 = s0 + stride;
        for (int p = 0; p < kc; p++) {
            int d = d0 + p * width;
            dst[d] = src[s0 + p];
            dst[d + 1] = src[s1 + p];
        }
    }
}
