/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * Per-thread scratch memory of the GEMM paths: the packed B block, the packed block of A, one
 * edge tile of C, a row-major copy of A and the dot kernel's accumulators. Kept per thread
 * (pool threads live as long as their {@link Parallel}) and grown on demand, so that
 * steady-state calls allocate nothing large.
 */
final class GemmWorkspace {

    private static final ThreadLocal<GemmWorkspace> PER_THREAD = ThreadLocal.withInitial(GemmWorkspace::new);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    private float[] rowMajorA = new float[0];
    private final float[] edgeTile = new float[MicroKernel.MR * MicroKernel.NR];
    private final float[] dotPartials = new float[DotKernel.PARTIALS];

    private GemmWorkspace() {
    }

    static GemmWorkspace current() {
        return PER_THREAD.get();
    }

    float[] packedA(int size) {
        if (packedA.length < size) {
            packedA = new float[size];
        }
        return packedA;
    }

    float[] packedB(int size) {
        if (packedB.length < size) {
            packedB = new float[size];
        }
        return packedB;
    }

    /** Room for a row-major copy of A, for kernels that need k contiguous. */
    float[] rowMajorA(int size) {
        if (rowMajorA.length < size) {
            rowMajorA = new float[size];
        }
        return rowMajorA;
    }

    /** Where {@link DotKernel#tile} parks its accumulators. */
    float[] dotPartials() {
        return dotPartials;
    }

    /** MR x NR floats, row stride NR. */
    float[] edgeTile() {
        return edgeTile;
    }
}
