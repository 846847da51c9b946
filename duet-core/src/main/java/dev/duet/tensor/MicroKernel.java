package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner product of the blocked GEMM: one 6 x 4-vector tile of C,
 * {@code C[MR x NR] (+)= Apanel[MR x kc] * Bpanel[kc x NR]}, from packed panels.
 *
 * <p>A panel layout: for each p in [0, kc), the 6 values {@code A[0..MR)[p]} side by side.
 * B panel layout: for each p, the NR values {@code B[p][0..NR)}. Each step p loads NR/lanes
 * vectors of B, broadcasts each A value once and issues MR x NR/lanes independent FMAs, enough
 * to hide the FMA latency; the accumulators stay in registers for the whole panel.
 */
final class MicroKernel {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Rows of C per tile. */
    static final int MR = 6;
    /** Columns of C per tile: 4 vectors. */
    static final int NR = 4 * LANES;

    private MicroKernel() {
    }

    /**
     * Computes one full MR x NR tile. {@code addToC} adds the product to the tile already in C,
     * otherwise the product replaces it.
     */
    static void tile(int kc, float[] aPanel, int aAt, float[] bPanel, int bAt,
                     float[] c, int cAt, int ldc, boolean addToC) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = FloatVector.zero(SPECIES), c02 = FloatVector.zero(SPECIES), c03 = FloatVector.zero(SPECIES);
        FloatVector c10 = FloatVector.zero(SPECIES), c11 = FloatVector.zero(SPECIES), c12 = FloatVector.zero(SPECIES), c13 = FloatVector.zero(SPECIES);
        FloatVector c20 = FloatVector.zero(SPECIES), c21 = FloatVector.zero(SPECIES), c22 = FloatVector.zero(SPECIES), c23 = FloatVector.zero(SPECIES);
        FloatVector c30 = FloatVector.zero(SPECIES), c31 = FloatVector.zero(SPECIES), c32 = FloatVector.zero(SPECIES), c33 = FloatVector.zero(SPECIES);
        FloatVector c40 = FloatVector.zero(SPECIES), c41 = FloatVector.zero(SPECIES), c42 = FloatVector.zero(SPECIES), c43 = FloatVector.zero(SPECIES);
        FloatVector c50 = FloatVector.zero(SPECIES), c51 = FloatVector.zero(SPECIES), c52 = FloatVector.zero(SPECIES), c53 = FloatVector.zero(SPECIES);
        for (int p = 0; p < kc; p++) {
            int ai = aAt + p * MR;
            int bi = bAt + p * NR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, bPanel, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, bPanel, bi + LANES);
            FloatVector b2 = FloatVector.fromArray(SPECIES, bPanel, bi + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(SPECIES, bPanel, bi + 3 * LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, aPanel[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, aPanel[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SPECIES, aPanel[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(SPECIES, aPanel[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(SPECIES, aPanel[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(SPECIES, aPanel[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            c53 = a5.fma(b3, c53);
        }
        if (addToC) {
            c00.add(FloatVector.fromArray(SPECIES, c, cAt)).intoArray(c, cAt);
            c01.add(FloatVector.fromArray(SPECIES, c, cAt + LANES)).intoArray(c, cAt + LANES);
            c02.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * LANES)).intoArray(c, cAt + 2 * LANES);
            c03.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * LANES)).intoArray(c, cAt + 3 * LANES);
            c10.add(FloatVector.fromArray(SPECIES, c, cAt + ldc)).intoArray(c, cAt + ldc);
            c11.add(FloatVector.fromArray(SPECIES, c, cAt + ldc + LANES)).intoArray(c, cAt + ldc + LANES);
            c12.add(FloatVector.fromArray(SPECIES, c, cAt + ldc + 2 * LANES)).intoArray(c, cAt + ldc + 2 * LANES);
            c13.add(FloatVector.fromArray(SPECIES, c, cAt + ldc + 3 * LANES)).intoArray(c, cAt + ldc + 3 * LANES);
            c20.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * ldc)).intoArray(c, cAt + 2 * ldc);
            c21.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * ldc + LANES)).intoArray(c, cAt + 2 * ldc + LANES);
            c22.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * ldc + 2 * LANES)).intoArray(c, cAt + 2 * ldc + 2 * LANES);
            c23.add(FloatVector.fromArray(SPECIES, c, cAt + 2 * ldc + 3 * LANES)).intoArray(c, cAt + 2 * ldc + 3 * LANES);
            c30.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * ldc)).intoArray(c, cAt + 3 * ldc);
            c31.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * ldc + LANES)).intoArray(c, cAt + 3 * ldc + LANES);
            c32.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * ldc + 2 * LANES)).intoArray(c, cAt + 3 * ldc + 2 * LANES);
            c33.add(FloatVector.fromArray(SPECIES, c, cAt + 3 * ldc + 3 * LANES)).intoArray(c, cAt + 3 * ldc + 3 * LANES);
            c40.add(FloatVector.fromArray(SPECIES, c, cAt + 4 * ldc)).intoArray(c, cAt + 4 * ldc);
            c41.add(FloatVector.fromArray(SPECIES, c, cAt + 4 * ldc + LANES)).intoArray(c, cAt + 4 * ldc + LANES);
            c42.add(FloatVector.fromArray(SPECIES, c, cAt + 4 * ldc + 2 * LANES)).intoArray(c, cAt + 4 * ldc + 2 * LANES);
            c43.add(FloatVector.fromArray(SPECIES, c, cAt + 4 * ldc + 3 * LANES)).intoArray(c, cAt + 4 * ldc + 3 * LANES);
            c50.add(FloatVector.fromArray(SPECIES, c, cAt + 5 * ldc)).intoArray(c, cAt + 5 * ldc);
            c51.add(FloatVector.fromArray(SPECIES, c, cAt + 5 * ldc + LANES)).intoArray(c, cAt + 5 * ldc + LANES);
            c52.add(FloatVector.fromArray(SPECIES, c, cAt + 5 * ldc + 2 * LANES)).intoArray(c, cAt + 5 * ldc + 2 * LANES);
            c53.add(FloatVector.fromArray(SPECIES, c, cAt + 5 * ldc + 3 * LANES)).intoArray(c, cAt + 5 * ldc + 3 * LANES);
        } else {
            c00.intoArray(c, cAt);
            c01.intoArray(c, cAt + LANES);
            c02.intoArray(c, cAt + 2 * LANES);
            c03.intoArray(c, cAt + 3 * LANES);
            c10.intoArray(c, cAt + ldc);
            c11.intoArray(c, cAt + ldc + LANES);
            c12.intoArray(c, cAt + ldc + 2 * LANES);
            c13.intoArray(c, cAt + ldc + 3 * LANES);
            c20.intoArray(c, cAt + 2 * ldc);
            c21.intoArray(c, cAt + 2 * ldc + LANES);
            c22.intoArray(c, cAt + 2 * ldc + 2 * LANES);
            c23.intoArray(c, cAt + 2 * ldc + 3 * LANES);
            c30.intoArray(c, cAt + 3 * ldc);
            c31.intoArray(c, cAt + 3 * ldc + LANES);
            c32.intoArray(c, cAt + 3 * ldc + 2 * LANES);
            c33.intoArray(c, cAt + 3 * ldc + 3 * LANES);
            c40.intoArray(c, cAt + 4 * ldc);
            c41.intoArray(c, cAt + 4 * ldc + LANES);
            c42.intoArray(c, cAt + 4 * ldc + 2 * LANES);
            c43.intoArray(c, cAt + 4 * ldc + 3 * LANES);
            c50.intoArray(c, cAt + 5 * ldc);
            c51.intoArray(c, cAt + 5 * ldc + LANES);
            c52.intoArray(c, cAt + 5 * ldc + 2 * LANES);
            c53.intoArray(c, cAt + 5 * ldc + 3 * LANES);
        }
    }
}
