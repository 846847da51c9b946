/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.duet.tensor.Gemm;
import dev.duet.tensor.Matrix;
import dev.duet.tensor.Parallel;

/**
 * GFLOP/s of {@link Gemm#multiply} on the shapes that dominate a ViT-B/16: the MLP of one
 * image (197 x 3072 x 768 and back) and a stack of tangent rows (2000 x 768 x 768), with B in
 * the weight layout [out][in] (transB) and plain, on 1 and 2 threads. Prints a markdown table.
 *
 * <p>Each configuration is warmed up for {@code --warmup} seconds (the Vector API reaches full
 * speed only after its kernels are compiled) and then timed for {@code --runs} calls; the
 * table shows the median and the best call. {@code --shapes} measures other shapes instead, for
 * example the default model's training step (4160 x 128 x 128: a batch of 64 images' rows through a
 * 128-wide projection). Usage:
 * {@code GemmBenchmark [--warmup SECONDS] [--runs N] [--threads 1,2] [--shapes MxNxK,...]}.
 */
public final class GemmBenchmark {

    /** m, n, k: C[m x n] = A[m x k] * op(B). */
    private static final int[][] VIT_SHAPES = {{197, 3072, 768}, {197, 768, 3072}, {2000, 768, 768}};

    private GemmBenchmark() {
    }

    public static void main(String[] args) {
        double warmupSeconds = 2.5;
        int runs = 15;
        int[] threadCounts = {1, 2};
        int[][] shapes = VIT_SHAPES;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup" -> warmupSeconds = Double.parseDouble(value(args, ++i));
                case "--runs" -> runs = Integer.parseInt(value(args, ++i));
                case "--threads" -> threadCounts = Arrays.stream(value(args, ++i).split(","))
                        .mapToInt(Integer::parseInt).toArray();
                case "--shapes" -> shapes = Arrays.stream(value(args, ++i).split(","))
                        .map(GemmBenchmark::shape).toArray(int[][]::new);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --warmup SECONDS, --runs N, --threads 1,2, --shapes MxNxK,...)");
            }
        }
        System.out.printf("Gemm.multiply, float32, %d cores available, %s %s%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.println("| m x n x k | B layout | threads | median GFLOP/s | best GFLOP/s | median ms |");
        System.out.println("|---|---|---|---|---|---|");
        for (int threads : threadCounts) {
            try (Parallel parallel = Parallel.of(threads)) {
                for (int[] shape : shapes) {
                    for (boolean transB : new boolean[] {true, false}) {
                        Result result = measure(parallel, shape[0], shape[1], shape[2], transB, warmupSeconds, runs);
                        System.out.printf("| %d x %d x %d | %s | %d | %.1f | %.1f | %.2f |%n",
                                shape[0], shape[1], shape[2], transB ? "[n][k] (transB)" : "[k][n]",
                                threads, result.medianGflops, result.bestGflops, result.medianMillis);
                    }
                }
            }
        }
    }

    private record Result(double medianGflops, double bestGflops, double medianMillis) {
    }

    private static Result measure(Parallel parallel, int m, int n, int k, boolean transB,
                                  double warmupSeconds, int runs) {
        Random random = new Random(42);
        float[] a = randomArray(m * k, random);
        float[] b = randomArray(k * n, random);
        float[] c = new float[m * n];
        Matrix left = Matrix.of(a, m, k);
        // B as [k][n], stored transposed ([n][k], a weight's layout) when transB
        Matrix right = transB ? Matrix.of(b, n, k).t() : Matrix.of(b, k, n);
        Matrix product = Matrix.of(c, m, n);
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmupEnd) {
            Gemm.multiply(parallel, left, right, product, false);
        }
        List<Long> nanos = new ArrayList<>(runs);
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            Gemm.multiply(parallel, left, right, product, false);
            nanos.add(System.nanoTime() - start);
        }
        nanos.sort(null);
        double flops = 2.0 * m * n * k;
        long median = nanos.get(runs / 2);
        return new Result(flops / median, flops / nanos.get(0), median / 1e6);
    }

    private static float[] randomArray(int length, Random random) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /** "MxNxK" as {m, n, k}. */
    private static int[] shape(String text) {
        int[] mnk = Arrays.stream(text.split("x")).mapToInt(Integer::parseInt).toArray();
        if (mnk.length != 3 || Arrays.stream(mnk).anyMatch(size -> size < 1)) {
            throw new IllegalArgumentException("a shape is MxNxK with three positive sizes, not " + text);
        }
        return mnk;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
