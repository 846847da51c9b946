/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ColumnSumsTest {

    /** Against sums in double precision; the same bits on one thread and on three. */
    @ParameterizedTest
    @CsvSource({"1, 1", "5, 17", "128, 128", "300, 33", "4160, 128", "257, 512"})
    void sumsEveryColumnAndIgnoresTheThreadCount(int rows, int width) {
        Random random = new Random(rows * 31L + width);
        float[] a = new float[rows * width];
        float[] b = new float[rows * width];
        for (int k = 0; k < a.length; k++) {
            a[k] = (float) random.nextGaussian();
            b[k] = (float) random.nextGaussian();
        }
        float[] start = new float[width];
        for (int i = 0; i < width; i++) {
            start[i] = (float) random.nextGaussian();
        }
        float[] sums = start.clone();
        float[] products = start.clone();
        ColumnSums.add(Parallel.serial(), sums, a, rows, width);
        ColumnSums.addProducts(Parallel.serial(), products, a, b, rows, width);
        for (int i = 0; i < width; i++) {
            double sum = start[i];
            double product = start[i];
            for (int r = 0; r < rows; r++) {
                sum += a[r * width + i];
                product += (double) a[r * width + i] * b[r * width + i];
            }
            assertEquals(sum, sums[i], 1e-5 * Math.sqrt(rows) + 1e-6, "column " + i);
            assertEquals(product, products[i], 1e-5 * Math.sqrt(rows) + 1e-6, "column " + i);
        }
        try (Parallel parallel = Parallel.of(3)) {
            float[] threaded = start.clone();
            float[] threadedProducts = start.clone();
            ColumnSums.add(parallel, threaded, a, rows, width);
            ColumnSums.addProducts(parallel, threadedProducts, a, b, rows, width);
            assertArrayEquals(sums, threaded, 0f);
            assertArrayEquals(products, threadedProducts, 0f);
        }
    }
}
