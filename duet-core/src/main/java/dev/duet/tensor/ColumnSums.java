/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Column sums of a row-major matrix, the reduction behind every bias and LayerNorm gain
 * gradient: {@code target[i] += sum_r a[r][i]}, or {@code sum_r a[r][i] * b[r][i]}. The rows are
 * cut into blocks of {@link #BLOCK_ROWS}, each block summed on its own (vectorised along the
 * columns), and the block sums added to the target in block order: the bits depend on the shape
 * only, never on the number of threads.
 */
public final class ColumnSums {

    static final int BLOCK_ROWS = 128;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private ColumnSums() {
    }

    /** {@code target [width] += column sums of a [rows][width]}. */
    public static void add(Parallel parallel, float[] target, float[] a, int rows, int width) {
        accumulate(parallel, target, a, null, rows, width);
    }

    /** {@code target [width] += column sums of a ⊙ b}, both [rows][width]. */
    public static void addProducts(Parallel parallel, float[] target, float[] a, float[] b, int rows, int width) {
        accumulate(parallel, target, a, b, rows, width);
    }

    private static void accumulate(Parallel parallel, float[] target, float[] a, float[] b, int rows, int width) {
        int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        float[] partial = new float[blocks * width];   // [blocks][width]
        parallel.forRange(blocks, 1, (from, to) -> {
            for (int block = from; block < to; block++) {
                int first = block * BLOCK_ROWS;
                sumBlock(partial, block * width, a, b, first, Math.min(rows, first + BLOCK_ROWS), width);
            }
        });
        for (int block = 0; block < blocks; block++) {
            int base = block * width;
            for (int i = 0; i < width; i++) {
                target[i] += partial[base + i];
            }
        }
    }

    private static void sumBlock(float[] sums, int at, float[] a, float[] b, int firstRow, int endRow, int width) {
        if (b == null) {
            sumRows(sums, at, a, firstRow, endRow, width);
        } else {
            sumProducts(sums, at, a, b, firstRow, endRow, width);
        }
    }

    private static void sumRows(float[] sums, int at, float[] a, int firstRow, int endRow, int width) {
        int bound = SPECIES.loopBound(width);
        for (int r = firstRow; r < endRow; r++) {
            int row = r * width;
            int i = 0;
            for (; i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, sums, at + i).add(FloatVector.fromArray(SPECIES, a, row + i))
                        .intoArray(sums, at + i);
            }
            for (; i < width; i++) {
                sums[at + i] += a[row + i];
            }
        }
    }

    private static void sumProducts(float[] sums, int at, float[] a, float[] b, int firstRow, int endRow, int width) {
        int bound = SPECIES.loopBound(width);
        for (int r = firstRow; r < endRow; r++) {
            int row = r * width;
            int i = 0;
            for (; i < bound; i += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, a, row + i)
                        .fma(FloatVector.fromArray(SPECIES, b, row + i), FloatVector.fromArray(SPECIES, sums, at + i))
                        .intoArray(sums, at + i);
            }
            for (; i < width; i++) {
                sums[at + i] = Math.fma(a[row + i], b[row + i], sums[at + i]);
            }
        }
    }
}
