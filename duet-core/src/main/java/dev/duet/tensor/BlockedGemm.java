/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * The cache-blocked GEMM (the BLIS loop nest) for one rectangle of C:
 * {@code C[rows x cols] (+)= op(A)[rows x k] * op(B)[k x cols]}.
 *
 * <p>Loops, outermost first: NC columns of C (the packed B block, KC x NC, lives in L3),
 * KC steps of k (one packed B block per step), MC rows of C (that MC x KC block of A stays in
 * L2), NR columns (one B panel, KC x NR, stays near the core while A panels stream past), MR
 * rows (one {@link MicroKernel} call). Each thread runs this on its own rectangle with its own
 * {@link GemmWorkspace}, so threads never wait for each other.
 *
 * <p>The 512-bit kernel is fastest when the MR values of A's step lie side by side. A stored
 * transposed has them so and is read in place. Row-major A is packed, block by block, into
 * MR-row panels when the B block is wider than {@link #IN_PLACE_PANELS} panels to share the
 * packing; a narrower product reads it in place through its row stride, where packing measured
 * slower (BENCHMARKS.md, sessions 15 and 21), and so does the 256-bit kernel, which has no such
 * variant. The last, partial panel of a block is always packed, zero-padded.
 */
final class BlockedGemm {

    static final int MR = MicroKernel.MR;
    static final int NR = MicroKernel.NR;
    /** Depth of one packed block, the best of those measured (BENCHMARKS.md; KC x NR = 64 KiB). */
    private static final int KC = 256;
    /** Rows of one block of A: MC x KC floats (192 KiB) sit in L2 beside the B panels. */
    private static final int MC = 32 * MR;
    /** Columns of one packed B block: KC x NC floats (3 MiB) in L3. */
    private static final int NC = 3072;
    /** Whether row-major A is packed: only the 512-bit kernel has a variant for rows side by side. */
    private static final boolean PACK_ROW_MAJOR_A = MicroKernel.VECTORS == 4;
    /**
     * Panels of B up to which row-major A is read in place: packing it pays off only when more panels share
     * it. Measured in one process, the two rules in turn: products 128-512 columns wide (2-8 panels, all of
     * the default model's, and a ViT-B/16's 768-column ones split over two threads) took 0.73-1.01 of the time
     * read in place, 12 panels and more 1.00-1.05 (BENCHMARKS.md, session 21).
     */
    private static final int IN_PLACE_PANELS = 8;

    private BlockedGemm() {
    }

    /**
     * {@code C[rowFrom..rowTo) x [colFrom..colTo)} of the product, C stored from {@code cOffset}
     * with row stride {@code ldc}.
     */
    static void multiply(int rowFrom, int rowTo, int colFrom, int colTo, int k,
                         MatrixOperand a, MatrixOperand b,
                         float[] c, int cOffset, int ldc, boolean accumulate) {
        GemmWorkspace workspace = GemmWorkspace.current();
        int kBlocks = ceilDiv(k, KC);
        int kc = ceilDiv(k, kBlocks);
        int rows = rowTo - rowFrom;
        int mcBlocks = ceilDiv(rows, MC);
        int mc = roundUp(ceilDiv(rows, mcBlocks), MR);
        for (int jc = colFrom; jc < colTo; jc += NC) {
            int nc = Math.min(NC, colTo - jc);
            float[] packedB = workspace.packedB(kc * roundUp(nc, NR));
            for (int pc = 0; pc < k; pc += kc) {
                int depth = Math.min(kc, k - pc);
                boolean addToC = accumulate || pc > 0;
                PanelPacking.packB(b, pc, depth, jc, nc, packedB);
                for (int ic = rowFrom; ic < rowTo; ic += mc) {
                    int height = Math.min(mc, rowTo - ic);
                    float[] packedA = workspace.packedA(roundUp(height, MR) * depth);
                    int packedFrom = a.transposed() || nc <= IN_PLACE_PANELS * NR || !PACK_ROW_MAJOR_A ? height / MR * MR : 0;
                    if (packedFrom < height) {
                        PanelPacking.packA(a, ic + packedFrom, height - packedFrom, pc, depth, packedA);
                    }
                    multiplyBlock(depth, height, nc, a, ic, pc, packedFrom, packedA, packedB,
                            c, cOffset + ic * ldc + jc, ldc, addToC, workspace);
                }
            }
        }
    }

    /**
     * The two inner loops over one block of A, rows [ic, ic + height) x depths [pc, pc + depth),
     * and one packed B block. Rows from {@code packedFrom} on come packed; those before it are
     * read in place.
     */
    private static void multiplyBlock(int depth, int height, int width, MatrixOperand a, int ic, int pc,
                                      int packedFrom, float[] packedA, float[] packedB,
                                      float[] c, int cAt, int ldc, boolean addToC, GemmWorkspace workspace) {
        for (int jr = 0; jr < width; jr += NR) {
            int cols = Math.min(NR, width - jr);
            int bAt = jr * depth;
            for (int ir = 0; ir < height; ir += MR) {
                int rows = Math.min(MR, height - ir);
                float[] aData = a.data();
                int aAt;
                int aRow;
                int aStep;
                if (ir >= packedFrom) {
                    aData = packedA;
                    aAt = (ir - packedFrom) * depth;
                    aRow = 1;
                    aStep = MR;
                } else if (a.transposed()) {
                    aAt = a.offset() + pc * a.stride() + ic + ir;
                    aRow = 1;
                    aStep = a.stride();
                } else {
                    aAt = a.offset() + (ic + ir) * a.stride() + pc;
                    aRow = a.stride();
                    aStep = 1;
                }
                int tileAt = cAt + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    MicroKernel.tile(depth, aData, aAt, aRow, aStep, packedB, bAt, c, tileAt, ldc, addToC);
                } else {
                    float[] edge = workspace.edgeTile();
                    MicroKernel.tile(depth, aData, aAt, aRow, aStep, packedB, bAt, edge, 0, NR, false);
                    storeEdge(edge, rows, cols, c, tileAt, ldc, addToC);
                }
            }
        }
    }

    private static void storeEdge(float[] edge, int rows, int cols,
                                  float[] c, int cAt, int ldc, boolean addToC) {
        for (int r = 0; r < rows; r++) {
            int row = cAt + r * ldc;
            for (int j = 0; j < cols; j++) {
                c[row + j] = addToC ? c[row + j] + edge[r * NR + j] : edge[r * NR + j];
            }
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    static int roundUp(int x, int multiple) {
        return ceilDiv(x, multiple) * multiple;
    }
}
