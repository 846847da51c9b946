/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path of {@link Gemm#multiply} against a double-precision triple loop, on shapes that
 * hit every edge: sizes that are not multiples of the vector width, the micro-tile or the
 * cache blocks, offsets, row strides longer than the rows, and both thread counts.
 */
class GemmTest {

    /** m x n x k; comments name the paths each shape reaches (transB / plain B). */
    private static final int[][] SHAPES = {
            {1, 1, 1},          // tiny
            {7, 13, 5},         // tiny
            {33, 47, 19},       // dot / blocked with edge tiles on both sides
            {1, 3072, 768},     // row vector: dot / axpy
            {2, 77, 100},       // dot / axpy with a masked strip
            {5, 17, 1000},      // dot with a scalar k tail / blocked with 4 k blocks
            {47, 9, 33},        // dot with rows and columns left over / blocked
            {197, 768, 64},     // dot / blocked with one k block, 197 = 32 * 6 + 5
            {197, 64, 768},     // dot / blocked with 3 k blocks, rows split (m > n)
            {250, 70, 520},     // dot / blocked with 2 row blocks, 3 uneven k blocks
            {7, 3100, 20},      // dot / blocked with columns past one NC block
            {61, 300, 257},     // dot / blocked, odd everything
            {401, 37, 70},      // blocked with a partial B^T panel / blocked, rows split
            {66, 32, 65},       // blocked: half-width edge tiles only (a 32-wide attention head's P V)
            {65, 65, 32},       // blocked: a full tile, then an edge one column wide (Q K^T, 65 keys)
            {12, 96, 40},       // blocked: a full tile, then a half-width edge tile
    };

    private static Parallel twoThreads;

    @BeforeAll
    static void startPool() {
        twoThreads = Parallel.of(2);
    }

    @AfterAll
    static void stopPool() {
        twoThreads.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] shape : SHAPES) {
            for (int flags = 0; flags < 8; flags++) {
                cases.add(Arguments.of(shape[0], shape[1], shape[2],
                        (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} accumulate={5}")
    @MethodSource("cases")
    void matchesDoublePrecisionLoop(int m, int n, int k, boolean transA, boolean transB, boolean accumulate) {
        Problem problem = new Problem(m, n, k, transA, transB, accumulate, new Random(31L * m + 7L * n + k));
        float[] alone = problem.check(Parallel.serial());
        float[] split = problem.check(twoThreads);
        // threads split C by rows or columns, never k: each element sums the same terms in the same order
        assertArrayEquals(alone, split, 0f, "one thread and two give the same bits");
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} accumulate={5}")
    @MethodSource("cases")
    void referenceMatchesDoublePrecisionLoop(int m, int n, int k, boolean transA, boolean transB,
                                             boolean accumulate) {
        if ((long) m * n * k > 2_000_000) {
            return;
        }
        Problem problem = new Problem(m, n, k, transA, transB, accumulate, new Random(5L * m + n + 11L * k));
        float[] c = problem.initialC();
        Gemm.reference(m, n, k, problem.a, problem.aOffset, problem.lda, transA,
                problem.b, problem.bOffset, problem.ldb, transB, c, problem.cOffset, problem.ldc, accumulate);
        problem.compare(c, "reference");
    }

    /**
     * The blocked kernel reads row-major A packed (or in place, one panel wide) and A stored transposed in place;
     * each element of C is the same chain of fused multiply-adds either way, so the bits agree.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transB={3}")
    @CsvSource({"33,200,300,false", "33,200,300,true", "197,768,64,false", "197,768,64,true", "66,32,65,false",
            "250,70,520,true", "401,37,70,false"})
    void rowMajorAndTransposedAGiveTheSameBits(int m, int n, int k, boolean transB) {
        Random random = new Random(17L * m + n + k);
        float[] a = new float[m * k];
        float[] aTransposed = new float[k * m];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                a[i * k + p] = (float) random.nextGaussian();
                aTransposed[p * m + i] = a[i * k + p];
            }
        }
        float[] b = new float[k * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        int ldb = transB ? k : n;
        float[] byRows = new float[m * n];
        float[] byColumns = new float[m * n];
        Gemm.multiply(twoThreads, m, n, k, a, 0, k, false, b, 0, ldb, transB, byRows, 0, n, false);
        Gemm.multiply(twoThreads, m, n, k, aTransposed, 0, m, true, b, 0, ldb, transB, byColumns, 0, n, false);
        assertArrayEquals(byRows, byColumns, 0f);
    }

    @Test
    void emptyDepthClearsOrKeepsC() {
        float[] c = {1f, 2f, 3f, 4f};
        Gemm.multiply(Parallel.serial(), 2, 2, 0, new float[0], 0, 0, false, new float[0], 0, 2, false,
                c, 0, 2, true);
        assertEquals(List.of(1f, 2f, 3f, 4f), List.of(c[0], c[1], c[2], c[3]));
        Gemm.multiply(Parallel.serial(), 2, 2, 0, new float[0], 0, 0, false, new float[0], 0, 2, false,
                c, 0, 2, false);
        assertEquals(List.of(0f, 0f, 0f, 0f), List.of(c[0], c[1], c[2], c[3]));
    }

    @Test
    void rejectsOperandsThatDoNotFit() {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        Parallel serial = Parallel.serial();
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(serial, 2, 2, 3, a, 1, 3, false, b, 0, 2, false, c, 0, 2, false));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(serial, 2, 2, 3, a, 0, 2, false, b, 0, 2, false, c, 0, 2, false));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(serial, 2, 2, 3, a, 0, 3, false, b, 0, 3, true, c, 1, 2, false));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(serial, -1, 2, 3, a, 0, 3, false, b, 0, 2, false, c, 0, 2, false));
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.multiply(serial, 2, 2, 3, null, 0, 3, false, b, 0, 2, false, c, 0, 2, false));
    }

    /**
     * One random product with offsets and padded strides. C's padding (before the offset,
     * between rows, after the end) holds a sentinel that must survive; without accumulate
     * C's own entries start as NaN, which must never leak into the result.
     */
    private static final class Problem {
        private static final float SENTINEL = -12345.5f;

        final int m;
        final int n;
        final int k;
        final boolean transA;
        final boolean transB;
        final boolean accumulate;
        final float[] a;
        final float[] b;
        final int aOffset;
        final int bOffset;
        final int cOffset;
        final int lda;
        final int ldb;
        final int ldc;
        final float[] cStart;
        final double[] expected;
        final double[] scale;

        Problem(int m, int n, int k, boolean transA, boolean transB, boolean accumulate, Random random) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.transA = transA;
            this.transB = transB;
            this.accumulate = accumulate;
            int aRows = transA ? k : m;
            int aCols = transA ? m : k;
            int bRows = transB ? n : k;
            int bCols = transB ? k : n;
            lda = aCols + 3;
            ldb = bCols + 5;
            ldc = n + 2;
            aOffset = 7;
            bOffset = 2;
            cOffset = 11;
            a = randomArray(aOffset + aRows * lda + 4, random);
            b = randomArray(bOffset + bRows * ldb + 4, random);
            cStart = new float[cOffset + m * ldc + 3];
            Arrays.fill(cStart, SENTINEL);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    cStart[cOffset + i * ldc + j] = accumulate ? random.nextFloat() * 2 - 1 : Float.NaN;
                }
            }
            expected = new double[m * n];
            scale = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = accumulate ? cStart[cOffset + i * ldc + j] : 0;
                    double magnitude = accumulate ? Math.abs(sum) : 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                        double bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                        sum += av * bv;
                        magnitude += Math.abs(av * bv);
                    }
                    expected[i * n + j] = sum;
                    scale[i * n + j] = magnitude;
                }
            }
        }

        float[] initialC() {
            return cStart.clone();
        }

        float[] check(Parallel parallel) {
            float[] c = initialC();
            Gemm.multiply(parallel, m, n, k, a, aOffset, lda, transA, b, bOffset, ldb, transB,
                    c, cOffset, ldc, accumulate);
            compare(c, "multiply on " + parallel.threads() + " thread(s)");
            return c;
        }

        void compare(float[] c, String what) {
            for (int at = 0; at < c.length; at++) {
                int rel = at - cOffset;
                boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
                if (!inside && c[at] != SENTINEL) {
                    fail(what + ": wrote outside C at index " + at);
                }
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float actual = c[cOffset + i * ldc + j];
                    double want = expected[i * n + j];
                    double tolerance = 1e-4 * (1 + scale[i * n + j]);
                    if (!(Math.abs(actual - want) <= tolerance)) {
                        fail(what + ": C[" + i + "][" + j + "] = " + actual + ", expected " + want
                                + " (tolerance " + tolerance + ")");
                    }
                }
            }
        }

        private static float[] randomArray(int length, Random random) {
            float[] values = new float[length];
            for (int i = 0; i < length; i++) {
                values[i] = random.nextFloat() * 2 - 1;
            }
            return values;
        }
    }
}
