/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.Random;

/**
 * GFLOP/s of the blocked GEMM's micro-kernel loop alone: one MR x NR tile over the same packed A
 * and B panels again and again, so that nothing but the loop (and its store of C) is timed: no
 * packing, no blocking, no hand-over between threads. It lives in the tensor package because the
 * kernel is package-private. Usage: {@code TileLoopBenchmark DEPTH,...}; prints, per depth, eight
 * rounds of about 50 million steps' worth of tiles, the last three of which count (the first ones
 * run while C2 compiles). {@code ./benchmark.sh kernel} runs it, also as two processes at once.
 */
public final class TileLoopBenchmark {

    private static final long STEPS_PER_ROUND = 50_000_000L;
    private static final int ROUNDS = 8;
    private static final int COUNTED = 3;

    private TileLoopBenchmark() {
    }

    public static void main(String[] args) {
        for (String depth : (args.length > 0 ? args[0] : "64,128,256").split(",")) {
            measure(Integer.parseInt(depth));
        }
    }

    private static void measure(int kc) {
        int mr = MicroKernel.MR;
        int nr = MicroKernel.NR;
        Random random = new Random(1);
        float[] a = values(random, kc * mr);
        float[] b = values(random, kc * nr);
        float[] c = new float[mr * nr];
        long tiles = STEPS_PER_ROUND / kc;
        double flopsPerTile = 2.0 * mr * nr * kc;
        StringBuilder counted = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (long t = 0; t < tiles; t++) {
                MicroKernel.vectorTile(kc, a, 0, 1, mr, b, 0, c, 0, nr, (t & 1) == 0);
            }
            double gflops = flopsPerTile * tiles / (System.nanoTime() - start);
            if (round >= ROUNDS - COUNTED) {
                counted.append(String.format(" %.1f", gflops));
            }
        }
        System.out.printf("| %d x %d tile, depth %d | GFLOP/s, last %d rounds:%s | (C[0] %s) |%n",
                mr, nr, kc, COUNTED, counted, c[0]);
    }

    private static float[] values(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 1e-3f;
        }
        return values;
    }
}
