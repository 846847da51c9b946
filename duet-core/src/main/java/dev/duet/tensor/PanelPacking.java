package dev.duet.tensor;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of the operands into the panel layouts {@link MicroKernel} reads, so that the
 * kernel streams both operands with unit stride whatever their storage order.
 *
 * <p>A block {@code op(A)[i0 .. i0+mc) x [p0 .. p0+kc)} becomes ceil(mc / MR) panels of
 * {@code MR * kc} floats (the blocked GEMM packs only the partial last panel of A); B block {@code op(B)[p0 .. p0+kc) x [j0 .. j0+nc)} becomes
 * ceil(nc / NR) panels of {@code kc * NR} floats. Rows or columns past the edge of the
 * matrix are zero, so that edge tiles can run the full kernel.
 */
final class PanelPacking {

    private static final int MR = MicroKernel.MR;
    private static final int NR = MicroKernel.NR;
    private static final int LANES = MicroKernel.SPECIES.length();

    private PanelPacking() {
    }

    /** Packs {@code op(A)[i0 .. i0+mc) x [p0 .. p0+kc)} into {@code dst[0 ..)}. */
    static void packA(MatrixOperand a, int i0, int mc, int p0, int kc, float[] dst) {
        if (a.transposed()) {
            packTransposedA(a, i0, mc, p0, kc, dst);
            return;
        }
        for (int panel = 0; panel < mc; panel += MR) {
            packRowMajorA(a, i0 + panel, Math.min(MR, mc - panel), p0, kc, dst, panel * kc);
        }
    }

    /** A stored m x k: each panel step p takes one value from each of the panel's rows. */
    private static void packRowMajorA(MatrixOperand a, int row, int rows, int p0, int kc,
                                      float[] dst, int base) {
        if (rows < MR) {
            Arrays.fill(dst, base, base + MR * kc, 0f);
        }
        interleaveRows(a.data(), a.offset() + row * a.stride() + p0, a.stride(), rows, MR, kc, dst, base);
    }

    /**
     * A stored k x m: row p of the storage holds step p of every panel, so it is read once,
     * contiguously, and dealt out MR values per panel.
     */
    private static void packTransposedA(MatrixOperand a, int i0, int mc, int p0, int kc, float[] dst) {
        float[] src = a.data();
        int fullPanels = mc / MR;
        int rest = mc - fullPanels * MR;
        int panelSize = MR * kc;
        if (rest > 0) {
            Arrays.fill(dst, fullPanels * panelSize, (fullPanels + 1) * panelSize, 0f);
        }
        for (int p = 0; p < kc; p++) {
            int s = a.offset() + (p0 + p) * a.stride() + i0;
            int d = p * MR;
            for (int panel = 0; panel < fullPanels; panel++) {
                for (int r = 0; r < MR; r++) {
                    dst[d + r] = src[s + r];
                }
                s += MR;
                d += panelSize;
            }
            for (int r = 0; r < rest; r++) {
                dst[d + r] = src[s + r];
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
