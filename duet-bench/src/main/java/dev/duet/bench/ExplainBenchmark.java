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
 * runs. One untimed Gauss-Legendre-2 explanation first compiles the kernels (its seconds, a cold
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
            System.out.println("| rule | nodes | image side | seconds (" + (runs == 1 ? "one run" : "best of " + (runs - 1) + " after a first run") + ") | first run | GFLOP | GFLOP/s | share of 2-core peak | completeness error | peak heap |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (String setting : args[3].split(",")) {
                String[] parts = setting.split(":");
                Quadrature rule = spelled(Quadrature.class, parts[0]);
                int nodes = Integer.parseInt(parts[1]);
                ImageMode mode = parts.length > 2 ? spelled(ImageMode.class, parts[2]) : ImageMode.AUTO;
                ExplainOptions options = ExplainOptions.defaults().withLayers(layer, layer).withQuadrature(rule, nodes)
                        .withNormalization(Normalization.EXACT).withImageMode(mode);
                Explainer explainer = Explainer.forModel(model, options, parallel);
                resetPeaks();
                double first = 0;
                double best = Double.MAX_VALUE;
                long flops = 0;
                Explanation explanation = null;
                ImageMode used = null;
                for (int run = 0; run < runs; run++) {
                    long flopsBefore = Gemm.countedFlops();
                    long start = System.nanoTime();
                    Factor text = explainer.textFactor(ids);
                    used = explainer.imageModeFor(text);
                    explanation = explainer.explain(text, image.pixels());
                    double seconds = Measurements.since(start);
                    flops = Gemm.countedFlops() - flopsBefore;
                    if (run == 0) {
                        first = seconds;
                    }
                    // a single run is its own figure, JIT warm-up included
                    if (run > 0 || runs == 1) {
                        best = Math.min(best, seconds);
                    }
                }
                double gflop = flops / 1e9;
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f | %.1f | %.0f | %.0f %% | %.2e | %.0f MiB |%n",
                        Spelling.of(rule), nodes, Spelling.of(used), best, first, gflop, gflop / best, 100 * gflop / best / peakGflops,
                        explanation.completeness().error(), peakHeapMiB());
            }
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
