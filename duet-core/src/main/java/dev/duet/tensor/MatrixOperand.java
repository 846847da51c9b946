/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * A read-only view of one GEMM operand: {@code op(X)[row][col]} where X is stored row-major in
 * {@code data} from {@code offset} with row stride {@code stride}, and {@code transposed}
 * says that storage holds the transpose of op(X).
 */
record MatrixOperand(float[] data, int offset, int stride, boolean transposed) {

    /** {@code op(X)[row][col]}. */
    float at(int row, int col) {
        return transposed ? data[offset + col * stride + row] : data[offset + row * stride + col];
    }
}
