package dev.duet.tensor;

/**
 * Dense float32 matrix products on row-major arrays:
 * {@code C[m x n] (+)= op(A)[m x k] * op(B)[k x n]}.
 *
 * <p>{@code op(A)} is A itself (stored m x k, row stride lda) or, when transA, the transpose
 * of A stored k x m. Likewise {@code op(B)} is B stored k x n, or, when transB, B stored
 * n x k (the HuggingFace weight layout [out][in], so that {@code y = x W^T} is transB).
 */
public final class Gemm {

    private Gemm() {
    }

    public static void multiply(Parallel parallel, int m, int n, int k,
                                float[] a, int aOffset, int lda, boolean transA,
                                float[] b, int bOffset, int ldb, boolean transB,
                                float[] c, int cOffset, int ldc, boolean accumulate) {
        reference(m, n, k, a, aOffset, lda, transA, b, bOffset, ldb, transB, c, cOffset, ldc, accumulate);
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
