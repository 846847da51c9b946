/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * A view of a matrix {@code [rows][cols]} inside a float array, the operand type of
 * {@link Gemm#multiply(Parallel, Matrix, Matrix, Matrix, boolean)}. Element (i, j) lives at
 * {@code data[offset + i * stride + j]}, or at {@code data[offset + j * stride + i]} for a
 * transposed view (storage [cols][rows], as a HuggingFace weight [out][in] seen as [in][out]).
 * Views are cheap records: slicing and transposing never copy. Sizes are named as in the
 * package documentation.
 */
public record Matrix(float[] data, int offset, int rows, int cols, int stride, boolean transposed) {

    public Matrix {
        if (data == null || rows < 0 || cols < 0 || offset < 0) {
            throw new IllegalArgumentException("bad matrix view " + rows + " x " + cols + " at " + offset);
        }
        int storedCols = transposed ? rows : cols;
        int storedRows = transposed ? cols : rows;
        if (storedRows > 1 && stride < storedCols) {
            throw new IllegalArgumentException("row stride " + stride + " < row length " + storedCols);
        }
        if (storedRows > 0 && storedCols > 0
                && (long) offset + (long) (storedRows - 1) * stride + storedCols > data.length) {
            throw new IllegalArgumentException(storedRows + " x " + storedCols + " with stride " + stride
                    + " from offset " + offset + " does not fit in " + data.length + " floats");
        }
    }

    /** The whole of {@code data} as a dense row-major {@code [rows][cols]}. */
    public static Matrix of(float[] data, int rows, int cols) {
        return new Matrix(data, 0, rows, cols, cols, false);
    }

    /** Dense row-major {@code [rows][cols]} starting at {@code offset}. */
    public static Matrix of(float[] data, int offset, int rows, int cols) {
        return new Matrix(data, offset, rows, cols, cols, false);
    }

    /** Row-major {@code [rows][cols]} from {@code offset} with row stride {@code stride}. */
    public static Matrix strided(float[] data, int offset, int rows, int cols, int stride) {
        return new Matrix(data, offset, rows, cols, stride, false);
    }

    /** The transpose, sharing storage. */
    public Matrix t() {
        return new Matrix(data, offset, cols, rows, stride, !transposed);
    }

    /** Rows {@code [from, from + count)} of this view. */
    public Matrix rows(int from, int count) {
        checkRange(from, count, rows, "rows");
        int step = transposed ? 1 : stride;
        return new Matrix(data, offset + from * step, count, cols, stride, transposed);
    }

    /** Columns {@code [from, from + count)} of this view. */
    public Matrix cols(int from, int count) {
        checkRange(from, count, cols, "columns");
        int step = transposed ? stride : 1;
        return new Matrix(data, offset + from * step, rows, count, stride, transposed);
    }

    /** The kernels' form: storage, offset, stride and whether storage holds the transpose. */
    MatrixOperand operand() {
        return new MatrixOperand(data, offset, stride, transposed);
    }

    private static void checkRange(int from, int count, int size, String what) {
        if (from < 0 || count < 0 || from + count > size) {
            throw new IllegalArgumentException(what + " [" + from + ", " + (from + count) + ") outside 0.." + size);
        }
    }
}
