/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.Spelling;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Factor;
import dev.duet.explain.ImageMode;
import dev.duet.explain.Explanation;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Gemm;
import dev.duet.tensor.Parallel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Seconds, FLOPs and completeness error of one explanation (caption of 9 tokens) for the
 * workloads of issue 4. Usage: {@code ExplainBenchmark MODEL_DIR IMAGE LAYER RULE:N[:MODE][,...] [RUNS]},
 * RULE = riemann | gauss-legendre, MODE = auto (default) | forward | reverse ({@link ImageMode}), each in its
 * {@link Spelling}, e.g.
 * {@code ... 8 riemann:10,riemann:10:forward}.
 * The model-wide reference states are computed once per explainer (as a server would); the
 * first run of each setting includes them, the reported figure is the best of the remaining
 * runs. Settings take turns run by run (alternating), so that none is measured colder or on a
 * busier machine than another. One untimed Gauss-Legendre-2 explanation first compiles the kernels (its seconds, a cold
 * JVM's, are printed), so that the first setting listed is not charged for the JIT.
 */
public final class ExplainBenchmark {

    private static final String CAPTION = "a red circle and a blue square";
    private ExplainBenchmark() {
    }

    public static void main(String[] args) {
        ClipModel model = ClipModel.load(Path.of(args[0]));
        PreprocessedImage image = model.preprocess(Path.of(args[1]));
        int layer = Integer.parseInt(args[2]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        double peakGflops = args.length > 5 ? Double.parseDouble(args[5]) : Double.NaN;
        int[] ids = model.tokenize(CAPTION).ids();
        System.out.printf(Locale.ROOT, "caption of %d tokens, layers %d/%d, %d threads%n", ids.length, layer, layer,
                Runtime.getRuntime().availableProcessors());
        try (Parallel parallel = Parallel.allCores()) {
            long warmupStart = System.nanoTime();
            Explainer warmup = Explainer.forModel(model, ExplainOptions.defaults().withLayers(layer, layer)
                    .withQuadrature(Quadrature.GAUSS_LEGENDRE, 2), parallel);
            warmup.explain(warmup.textFactor(ids), image.pixels());
            System.out.printf(Locale.ROOT, "JIT warm-up: one Gauss-Legendre-2 explanation in a cold JVM took %.3f s%n",
                    Measurements.since(warmupStart));
            System.out.println("| rule | nodes | image side | seconds (" + (runs == 1 ? "one run" : "best of " + (runs - 1) + " after a first run") + ") | first run | GFLOP | GFLOP/s | share of 2-core peak | completeness error |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            String[] settings = args[3].split(",");
            Explainer[] explainers = new Explainer[settings.length];
            double[] first = new double[settings.length];
            double[] best = new double[settings.length];
            long[] flops = new long[settings.length];
            Explanation[] explanations = new Explanation[settings.length];
            ImageMode[] used = new ImageMode[settings.length];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int i = 0; i < settings.length; i++) {
                String[] parts = settings[i].split(":");
                Quadrature rule = spelled(Quadrature.class, parts[0]);
                ImageMode mode = parts.length > 2 ? spelled(ImageMode.class, parts[2]) : ImageMode.AUTO;
                explainers[i] = Explainer.forModel(model, ExplainOptions.defaults().withLayers(layer, layer)
                        .withQuadrature(rule, Integer.parseInt(parts[1])).withNormalization(Normalization.EXACT)
                        .withImageMode(mode), parallel);
            }
            resetPeaks();
            // settings take turns run by run, so that none is measured colder or on a busier machine than another
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < settings.length; i++) {
                    long flopsBefore = Gemm.countedFlops();
                    long start = System.nanoTime();
                    Factor text = explainers[i].textFactor(ids);
                    used[i] = explainers[i].imageModeFor(text);
                    explanations[i] = explainers[i].explain(text, image.pixels());
                    double seconds = Measurements.since(start);
                    flops[i] = Gemm.countedFlops() - flopsBefore;
                    if (run == 0) {
                        first[i] = seconds;
                    }
                    // a single run is its own figure, JIT warm-up included
                    if (run > 0 || runs == 1) {
                        best[i] = Math.min(best[i], seconds);
                    }
                }
            }
            for (int i = 0; i < settings.length; i++) {
                String[] parts = settings[i].split(":");
                double gflop = flops[i] / 1e9;
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.1f | %.0f | %.0f %% | %.2e |%n",
                        parts[0], parts[1], Spelling.of(used[i]), best[i], first[i], gflop,
                        gflop / best[i], 100 * gflop / best[i] / peakGflops, explanations[i].completeness().error());
            }
            System.out.printf(Locale.ROOT, "peak heap over all settings: %.0f MiB%n", peakHeapMiB());
        }
    }

    private static <E extends Enum<E>> E spelled(Class<E> type, String text) {
        return Spelling.parse(type, text).orElseThrow(
                () -> new IllegalArgumentException("'" + text + "' is not one of " + Spelling.choices(type)));
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static double peakHeapMiB() {
        long total = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                total += pool.getPeakUsage().getUsed();
            }
        }
        return total / (1024.0 * 1024.0);
    }
}
