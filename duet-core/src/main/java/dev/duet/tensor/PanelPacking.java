/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

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
    private static final VectorSpecies<Float> SPECIES = MicroKernel.SPECIES;
    private static final int LANES = SPECIES.length();
    /** Lane l pairs with lane l xor d; used only where LANES == 16. */
    private static final VectorShuffle<Float> SWAP_8 = swap(8);
    private static final VectorShuffle<Float> SWAP_4 = swap(4);
    private static final VectorShuffle<Float> SWAP_2 = swap(2);
    private static final VectorShuffle<Float> SWAP_1 = swap(1);
    /** The lanes whose index has bit d set. */
    private static final VectorMask<Float> HIGH_8 = lanesWith(0xFF00L);
    private static final VectorMask<Float> HIGH_4 = lanesWith(0xF0F0L);
    private static final VectorMask<Float> HIGH_2 = lanesWith(0xCCCCL);
    private static final VectorMask<Float> HIGH_1 = lanesWith(0xAAAAL);

    private PanelPacking() {
    }

    /** The lanes whose bits are set in {@code bits}, cut to the species' length. */
    private static VectorMask<Float> lanesWith(long bits) {
        return VectorMask.fromLong(SPECIES, LANES >= 64 ? bits : bits & ((1L << LANES) - 1));
    }

    private static VectorShuffle<Float> swap(int distance) {
        int used = distance < LANES ? distance : 0;
        return VectorShuffle.fromOp(SPECIES, i -> i ^ used);
    }

    /**
     * Packs {@code op(A)[i0 .. i0+rows) x [p0 .. p0+kc)} into MR-row panels: panel t holds rows
     * i0 + t * MR .. + MR, step p of it at {@code dst[t * MR * kc + p * MR ..)}; the rows past
     * {@code rows} in the last panel are zero.
     */
    static void packA(MatrixOperand a, int i0, int rows, int p0, int kc, float[] dst) {
        for (int t = 0; t * MR < rows; t++) {
            int panelRows = Math.min(MR, rows - t * MR);
            int base = t * MR * kc;
            if (panelRows < MR) {
                Arrays.fill(dst, base, base + MR * kc, 0f);
            }
            int row = i0 + t * MR;
            if (a.transposed()) {
                int first = a.offset() + p0 * a.stride() + row;
                float[] src = a.data();
                int stride = a.stride();
                for (int p = 0; p < kc; p++) {
                    int from = first + p * stride;
                    int to = base + p * MR;
                    for (int r = 0; r < panelRows; r++) {
                        dst[to + r] = src[from + r];
                    }
                }
            } else if (panelRows == MR) {
                interleaveSix(a.data(), a.offset() + row * a.stride() + p0, a.stride(), kc, dst, base);
            } else {
                interleaveRows(a.data(), a.offset() + row * a.stride() + p0, a.stride(), panelRows, MR, kc, dst, base);
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
                    FloatVector.fromArray(SPECIES, src, s + v).intoArray(dst, d + v);
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
        if (LANES == 16 && !SCALAR_START.take((long) rows * kc)) {
            for (; r + 16 <= rows; r += 16) {
                interleave16(src, first + r * stride, stride, width, kc, dst, base + r);
            }
        }
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

    /**
     * Values a process packs with the scalar interleaves before {@link #interleave16} takes over ({@link ScalarStart}:
     * until the JIT has compiled the vector transpose, each of its shuffles is a Java call).
     */
    private static final ScalarStart SCALAR_START = new ScalarStart(1 << 21);

    /**
     * {@link #interleave8} for 16 rows at once with 16-lane vectors: each 16 x 16 block is loaded
     * row by row, transposed in registers (four butterfly stages: at distance d, rows R and R + d
     * swap the lanes whose index has bit d set, lane l of R against lane l - d of R + d) and stored
     * as 16 panel steps. Only moves values, so the panel holds the same bits as the scalar copy.
     */
    private static void interleave16(float[] src, int s0, int stride, int width, int kc, float[] dst, int d0) {
        int p = 0;
        for (; p + 16 <= kc; p += 16) {
            FloatVector v0 = FloatVector.fromArray(SPECIES, src, s0 + p);
            FloatVector v1 = FloatVector.fromArray(SPECIES, src, s0 + 1 * stride + p);
            FloatVector v2 = FloatVector.fromArray(SPECIES, src, s0 + 2 * stride + p);
            FloatVector v3 = FloatVector.fromArray(SPECIES, src, s0 + 3 * stride + p);
            FloatVector v4 = FloatVector.fromArray(SPECIES, src, s0 + 4 * stride + p);
            FloatVector v5 = FloatVector.fromArray(SPECIES, src, s0 + 5 * stride + p);
            FloatVector v6 = FloatVector.fromArray(SPECIES, src, s0 + 6 * stride + p);
            FloatVector v7 = FloatVector.fromArray(SPECIES, src, s0 + 7 * stride + p);
            FloatVector v8 = FloatVector.fromArray(SPECIES, src, s0 + 8 * stride + p);
            FloatVector v9 = FloatVector.fromArray(SPECIES, src, s0 + 9 * stride + p);
            FloatVector v10 = FloatVector.fromArray(SPECIES, src, s0 + 10 * stride + p);
            FloatVector v11 = FloatVector.fromArray(SPECIES, src, s0 + 11 * stride + p);
            FloatVector v12 = FloatVector.fromArray(SPECIES, src, s0 + 12 * stride + p);
            FloatVector v13 = FloatVector.fromArray(SPECIES, src, s0 + 13 * stride + p);
            FloatVector v14 = FloatVector.fromArray(SPECIES, src, s0 + 14 * stride + p);
            FloatVector v15 = FloatVector.fromArray(SPECIES, src, s0 + 15 * stride + p);
            // distance 8: lane l of row R, where l has the bit of value 8 set, trades places with lane l - 8 of row R + 8
            FloatVector d8r0 = v0.blend(v8.rearrange(SWAP_8), HIGH_8);
            v8 = v0.rearrange(SWAP_8).blend(v8, HIGH_8);
            v0 = d8r0;
            FloatVector d8r1 = v1.blend(v9.rearrange(SWAP_8), HIGH_8);
            v9 = v1.rearrange(SWAP_8).blend(v9, HIGH_8);
            v1 = d8r1;
            FloatVector d8r2 = v2.blend(v10.rearrange(SWAP_8), HIGH_8);
            v10 = v2.rearrange(SWAP_8).blend(v10, HIGH_8);
            v2 = d8r2;
            FloatVector d8r3 = v3.blend(v11.rearrange(SWAP_8), HIGH_8);
            v11 = v3.rearrange(SWAP_8).blend(v11, HIGH_8);
            v3 = d8r3;
            FloatVector d8r4 = v4.blend(v12.rearrange(SWAP_8), HIGH_8);
            v12 = v4.rearrange(SWAP_8).blend(v12, HIGH_8);
            v4 = d8r4;
            FloatVector d8r5 = v5.blend(v13.rearrange(SWAP_8), HIGH_8);
            v13 = v5.rearrange(SWAP_8).blend(v13, HIGH_8);
            v5 = d8r5;
            FloatVector d8r6 = v6.blend(v14.rearrange(SWAP_8), HIGH_8);
            v14 = v6.rearrange(SWAP_8).blend(v14, HIGH_8);
            v6 = d8r6;
            FloatVector d8r7 = v7.blend(v15.rearrange(SWAP_8), HIGH_8);
            v15 = v7.rearrange(SWAP_8).blend(v15, HIGH_8);
            v7 = d8r7;
            // distance 4: lane l of row R, where l has the bit of value 4 set, trades places with lane l - 4 of row R + 4
            FloatVector d4r0 = v0.blend(v4.rearrange(SWAP_4), HIGH_4);
            v4 = v0.rearrange(SWAP_4).blend(v4, HIGH_4);
            v0 = d4r0;
            FloatVector d4r1 = v1.blend(v5.rearrange(SWAP_4), HIGH_4);
            v5 = v1.rearrange(SWAP_4).blend(v5, HIGH_4);
            v1 = d4r1;
            FloatVector d4r2 = v2.blend(v6.rearrange(SWAP_4), HIGH_4);
            v6 = v2.rearrange(SWAP_4).blend(v6, HIGH_4);
            v2 = d4r2;
            FloatVector d4r3 = v3.blend(v7.rearrange(SWAP_4), HIGH_4);
            v7 = v3.rearrange(SWAP_4).blend(v7, HIGH_4);
            v3 = d4r3;
            FloatVector d4r8 = v8.blend(v12.rearrange(SWAP_4), HIGH_4);
            v12 = v8.rearrange(SWAP_4).blend(v12, HIGH_4);
            v8 = d4r8;
            FloatVector d4r9 = v9.blend(v13.rearrange(SWAP_4), HIGH_4);
            v13 = v9.rearrange(SWAP_4).blend(v13, HIGH_4);
            v9 = d4r9;
            FloatVector d4r10 = v10.blend(v14.rearrange(SWAP_4), HIGH_4);
            v14 = v10.rearrange(SWAP_4).blend(v14, HIGH_4);
            v10 = d4r10;
            FloatVector d4r11 = v11.blend(v15.rearrange(SWAP_4), HIGH_4);
            v15 = v11.rearrange(SWAP_4).blend(v15, HIGH_4);
            v11 = d4r11;
            // distance 2: lane l of row R, where l has the bit of value 2 set, trades places with lane l - 2 of row R + 2
            FloatVector d2r0 = v0.blend(v2.rearrange(SWAP_2), HIGH_2);
            v2 = v0.rearrange(SWAP_2).blend(v2, HIGH_2);
            v0 = d2r0;
            FloatVector d2r1 = v1.blend(v3.rearrange(SWAP_2), HIGH_2);
            v3 = v1.rearrange(SWAP_2).blend(v3, HIGH_2);
            v1 = d2r1;
            FloatVector d2r4 = v4.blend(v6.rearrange(SWAP_2), HIGH_2);
            v6 = v4.rearrange(SWAP_2).blend(v6, HIGH_2);
            v4 = d2r4;
            FloatVector d2r5 = v5.blend(v7.rearrange(SWAP_2), HIGH_2);
            v7 = v5.rearrange(SWAP_2).blend(v7, HIGH_2);
            v5 = d2r5;
            FloatVector d2r8 = v8.blend(v10.rearrange(SWAP_2), HIGH_2);
            v10 = v8.rearrange(SWAP_2).blend(v10, HIGH_2);
            v8 = d2r8;
            FloatVector d2r9 = v9.blend(v11.rearrange(SWAP_2), HIGH_2);
            v11 = v9.rearrange(SWAP_2).blend(v11, HIGH_2);
            v9 = d2r9;
            FloatVector d2r12 = v12.blend(v14.rearrange(SWAP_2), HIGH_2);
            v14 = v12.rearrange(SWAP_2).blend(v14, HIGH_2);
            v12 = d2r12;
            FloatVector d2r13 = v13.blend(v15.rearrange(SWAP_2), HIGH_2);
            v15 = v13.rearrange(SWAP_2).blend(v15, HIGH_2);
            v13 = d2r13;
            // distance 1: lane l of row R, where l has the bit of value 1 set, trades places with lane l - 1 of row R + 1
            FloatVector d1r0 = v0.blend(v1.rearrange(SWAP_1), HIGH_1);
            v1 = v0.rearrange(SWAP_1).blend(v1, HIGH_1);
            v0 = d1r0;
            FloatVector d1r2 = v2.blend(v3.rearrange(SWAP_1), HIGH_1);
            v3 = v2.rearrange(SWAP_1).blend(v3, HIGH_1);
            v2 = d1r2;
            FloatVector d1r4 = v4.blend(v5.rearrange(SWAP_1), HIGH_1);
            v5 = v4.rearrange(SWAP_1).blend(v5, HIGH_1);
            v4 = d1r4;
            FloatVector d1r6 = v6.blend(v7.rearrange(SWAP_1), HIGH_1);
            v7 = v6.rearrange(SWAP_1).blend(v7, HIGH_1);
            v6 = d1r6;
            FloatVector d1r8 = v8.blend(v9.rearrange(SWAP_1), HIGH_1);
            v9 = v8.rearrange(SWAP_1).blend(v9, HIGH_1);
            v8 = d1r8;
            FloatVector d1r10 = v10.blend(v11.rearrange(SWAP_1), HIGH_1);
            v11 = v10.rearrange(SWAP_1).blend(v11, HIGH_1);
            v10 = d1r10;
            FloatVector d1r12 = v12.blend(v13.rearrange(SWAP_1), HIGH_1);
            v13 = v12.rearrange(SWAP_1).blend(v13, HIGH_1);
            v12 = d1r12;
            FloatVector d1r14 = v14.blend(v15.rearrange(SWAP_1), HIGH_1);
            v15 = v14.rearrange(SWAP_1).blend(v15, HIGH_1);
            v14 = d1r14;
            v0.intoArray(dst, d0 + (p + 0) * width);
            v1.intoArray(dst, d0 + (p + 1) * width);
            v2.intoArray(dst, d0 + (p + 2) * width);
            v3.intoArray(dst, d0 + (p + 3) * width);
            v4.intoArray(dst, d0 + (p + 4) * width);
            v5.intoArray(dst, d0 + (p + 5) * width);
            v6.intoArray(dst, d0 + (p + 6) * width);
            v7.intoArray(dst, d0 + (p + 7) * width);
            v8.intoArray(dst, d0 + (p + 8) * width);
            v9.intoArray(dst, d0 + (p + 9) * width);
            v10.intoArray(dst, d0 + (p + 10) * width);
            v11.intoArray(dst, d0 + (p + 11) * width);
            v12.intoArray(dst, d0 + (p + 12) * width);
            v13.intoArray(dst, d0 + (p + 13) * width);
            v14.intoArray(dst, d0 + (p + 14) * width);
            v15.intoArray(dst, d0 + (p + 15) * width);
        }
        if (p < kc) {
            interleave8(src, s0 + p, stride, width, kc - p, dst, d0 + p * width);
            interleave8(src, s0 + 8 * stride + p, stride, width, kc - p, dst, d0 + 8 + p * width);
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

    /** {@link #interleave8} for the six rows of one panel of A, in one pass. */
    private static void interleaveSix(float[] src, int s0, int stride, int kc, float[] dst, int d0) {
        int s1 = s0 + stride;
        int s2 = s1 + stride;
        int s3 = s2 + stride;
        int s4 = s3 + stride;
        int s5 = s4 + stride;
        for (int p = 0; p < kc; p++) {
            int d = d0 + p * MR;
            dst[d] = src[s0 + p];
            dst[d + 1] = src[s1 + p];
            dst[d + 2] = src[s2 + p];
            dst[d + 3] = src[s3 + p];
            dst[d + 4] = src[s4 + p];
            dst[d + 5] = src[s5 + p];
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
