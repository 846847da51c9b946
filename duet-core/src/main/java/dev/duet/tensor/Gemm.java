/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * Dense float32 matrix products on row-major arrays:
 * {@code C[m x n] (+)= op(A)[m x k] * op(B)[k x n]}.
 *
 * <p>{@code op(A)} is A itself (stored m x k, row stride lda) or, when transA, the transpose
 * of A stored k x m. Likewise {@code op(B)} is B stored k x n, or, when transB, B stored
 * n x k (the HuggingFace weight layout [out][in], so that {@code y = x W^T} is transB).
 *
 * <p>{@link #multiply} picks one of four paths ({@link GemmPlan}): the plain loop for tiny
 * products; {@link AxpyGemm} for one or two rows times B stored k x n; {@link DotGemm}, inner
 * products along k without packing, for up to a few hundred rows times B stored n x k (the
 * {@code x W^T} of a forward pass); otherwise {@link BlockedGemm}, which packs A and B into
 * panels for a 6 x 64 register-blocked {@link MicroKernel} (the BLIS scheme). All of them use
 * {@code jdk.incubator.vector}: the JVM needs {@code --add-modules jdk.incubator.vector}, and
 * the kernels run at full speed only after a second or two of JIT compilation. Results may
 * differ from {@link #reference} in the last bits, because the sums are taken in another order.
 */
public final class Gemm {

    private Gemm() {
    }

    /** Floating-point operations of every product so far (2mnk each), for benchmarks' shares of peak. */
    private static final java.util.concurrent.atomic.LongAdder FLOPS = new java.util.concurrent.atomic.LongAdder();

    public static long countedFlops() {
        return FLOPS.sum();
    }

    /**
     * {@code C (+)= A * B} for views A [m][k], B [k][n] and C [m][n], split over the threads of
     * {@code parallel}. With {@code accumulate} the product is added to C, otherwise it replaces C
     * (whose old contents are then never read, so they may be garbage or NaN). C must not be a
     * transposed view and must not overlap A or B.
     *
     * @throws IllegalArgumentException if the shapes do not chain
     */
    public static void multiply(Parallel parallel, Matrix a, Matrix b, Matrix c, boolean accumulate) {
        if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols() || c.transposed()) {
            throw new IllegalArgumentException("product of " + a.rows() + " x " + a.cols() + " and " + b.rows() + " x "
                    + b.cols() + " into " + c.rows() + " x " + c.cols() + (c.transposed() ? " (transposed)" : ""));
        }
        int m = a.rows();
        int n = b.cols();
        if (m == 0 || n == 0) {
            return;
        }
        FLOPS.add(2L * m * n * a.cols());
        GemmPlan.of(parallel.threads(), m, n, a.cols(), b.transposed())
                .run(parallel, a.operand(), b.operand(), c.data(), c.offset(), c.stride(), accumulate);
    }

    /**
     * The same product with the operands given by position (BLAS style), for the kernels' own tests:
     * A stored m x k (k x m when transA) from aOffset with row stride lda, likewise B, C m x n.
     */
    static void multiply(Parallel parallel, int m, int n, int k,
                         float[] a, int aOffset, int lda, boolean transA,
                         float[] b, int bOffset, int ldb, boolean transB,
                         float[] c, int cOffset, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkFits("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        checkFits("B", b, bOffset, ldb, transB ? n : k, transB ? k : n);
        checkFits("C", c, cOffset, ldc, m, n);
        multiply(parallel, new Matrix(a, aOffset, m, k, lda, transA), new Matrix(b, bOffset, k, n, ldb, transB),
                new Matrix(c, cOffset, m, n, ldc, false), accumulate);
    }

    private static void checkFits(String name, float[] data, int offset, int stride, int rows, int cols) {
        if (data == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (rows > 1 && stride < cols) {
            throw new IllegalArgumentException(name + ": row stride " + stride + " < row length " + cols);
        }
        long last = (long) offset + (long) (rows - 1) * stride + cols - 1;
        if (offset < 0 || last >= data.length) {
            throw new IllegalArgumentException(name + ": " + rows + " x " + cols + " with stride " + stride
                    + " from offset " + offset + " does not fit in " + data.length + " floats");
        }
    }

    /** Plain triple loop: the reference every fast kernel is tested against. */
    public static void reference(int m, int n, int k,
                                 float[] a, int aOffset, int lda, boolean transA,
                                 float[] b, int bOffset, int ldb, boolean transB,
                                 float[] c, int cOffset, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    float bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += av * bv;
                }
                int at = cOffset + i * ldc + j;
                c[at] = accumulate ? c[at] + sum : sum;
            }
        }
    }
}
