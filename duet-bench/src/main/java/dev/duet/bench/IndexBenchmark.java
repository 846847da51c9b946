/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.explain.Explainer;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Factor;
import dev.duet.explain.Quadrature;
import dev.duet.index.DuetIndex;
import dev.duet.index.IndexBuilder;
import dev.duet.index.Precision;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The retrieval figures of issue 18: index build throughput on 1 and 2 threads, factor store bytes per
 * image in float32 and float16, search latency (p50, p99) without and with explanations, and the cost of
 * explaining a query against its top k with stored factors (one text factor, then k products) against one
 * explanation without them. Usage: {@code IndexBenchmark MODEL_DIR WORK_DIR COUNT [K] [GAUSS_NODES] [search]}:
 * COUNT seeded scenes ({@link SceneCorpus}) are drawn into WORK_DIR/images, then indexed at the last block with
 * Gauss-Legendre (default 4 nodes). With {@code search} the build figures are skipped: one index is built on
 * 2 threads in WORK_DIR/index-COUNT (resumed when a build was stopped; an index already complete is reused) and
 * only searched.
 */
public final class IndexBenchmark {

    private static final List<String> QUERIES = List.of("a red circle", "a blue square and a green circle", "a yellow triangle",
            "two black squares on a white field", "a small orange oval", "a large magenta rectangle", "a cyan shape",
            "a green square left of a red circle", "three shapes", "a white circle on a blue field");

    private IndexBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        ClipModel model = ClipModel.load(Path.of(args[0]));
        Path work = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        int k = args.length > 3 ? Integer.parseInt(args[3]) : Math.min(100, count);
        int nodes = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        ExplainOptions options = ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, nodes);
        Path images = SceneCorpus.write(work.resolve("images"), count);
        System.out.printf(Locale.ROOT, "%d images, %d x %d patches + CLS, projection %d, Gauss-Legendre %d, top %d%n", count,
                model.config().vision().gridSize(), model.config().vision().gridSize(), model.config().projectionDim(), nodes, k);

        boolean searchOnly = args.length > 5 && args[5].equals("search");
        Path indexed = searchOnly ? work.resolve("index-" + count) : work.resolve("index-2");
        if (searchOnly) {
            try (Parallel parallel = Parallel.of(2)) {
                new IndexBuilder(model, Explainer.forModel(model, options, parallel), Precision.FLOAT32,
                        IndexBuilder.OnBadImage.FAIL, 32).build(images, indexed, progress -> { });
            }
        } else {
            buildFigures(model, options, images, work, count);
        }
        try (Parallel parallel = Parallel.of(2); DuetIndex index = DuetIndex.open(indexed, model, parallel, null)) {
            List<Double> plain = new ArrayList<>();
            List<Double> explained = new ArrayList<>();
            List<Double> products = new ArrayList<>();
            List<Double> textFactors = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                for (String query : QUERIES) {
                    long start = System.nanoTime();
                    DuetIndex.Results results = index.search(query, k);
                    double searched = Measurements.since(start);
                    long textStart = System.nanoTime();
                    Factor text = index.textFactor(results.query());
                    double textSeconds = Measurements.since(textStart);
                    long productStart = System.nanoTime();
                    index.explainAll(text, results.hits());
                    double productSeconds = Measurements.since(productStart);
                    if (round > 0) {   // the first round compiles the code paths
                        plain.add(searched);
                        textFactors.add(textSeconds);
                        products.add(productSeconds);
                        explained.add(searched + textSeconds + productSeconds);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "search, top %d, no explanations: p50 %.2f ms, p99 %.2f ms (%d queries)%n", k,
                    percentile(plain, 50), percentile(plain, 99), plain.size());
            System.out.printf(Locale.ROOT, "search, top %d, explained: p50 %.2f ms, p99 %.2f ms%n", k, percentile(explained, 50),
                    percentile(explained, 99));
            System.out.printf(Locale.ROOT, "  of which the text factor: p50 %.2f ms; the %d products U V^T with stored V: p50 %.2f ms, p99 %.2f ms%n",
                    percentile(textFactors, 50), k, percentile(products, 50), percentile(products, 99));

            Explainer single = Explainer.forModel(model, options, parallel);
            Path first;
            try (Stream<Path> files = Files.list(images)) {
                first = files.sorted().findFirst().orElseThrow();
            }
            float[] pixels = model.preprocess(first).pixels();
            int[] ids = model.tokenize(QUERIES.getFirst()).ids();
            double[] seconds = Measurements.seconds(1, 3, () -> {
                long start = System.nanoTime();
                single.explain(single.textFactor(ids), pixels);
                return Measurements.since(start);
            });
            System.out.printf(Locale.ROOT, "one explanation without a stored factor (text factor + image side): %.1f ms (median of 3)%n",
                    Measurements.median(seconds) * 1e3);
        }
    }

    /** Build throughput on 1 and 2 threads (each from scratch) and the store's bytes per image in float32 and float16. */
    private static void buildFigures(ClipModel model, ExplainOptions options, Path images, Path work, int count) throws IOException {
        for (int threads : new int[] {1, 2}) {
            Path index = work.resolve("index-" + threads);
            dev.duet.AtomicFiles.deleteTree(index);
            try (Parallel parallel = Parallel.of(threads)) {
                long start = System.nanoTime();
                new IndexBuilder(model, Explainer.forModel(model, options, parallel), Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 32)
                        .build(images, index, progress -> { });
                System.out.printf(Locale.ROOT, "build on %d thread%s: %.2f images/s%n", threads, threads == 1 ? "" : "s",
                        count / Measurements.since(start));
            }
        }
        Path half = work.resolve("index-half");
        dev.duet.AtomicFiles.deleteTree(half);
        try (Parallel parallel = Parallel.of(2)) {
            new IndexBuilder(model, Explainer.forModel(model, options, parallel), Precision.FLOAT16, IndexBuilder.OnBadImage.FAIL, 32)
                    .build(images, half, progress -> { });
        }
        System.out.printf(Locale.ROOT, "factor store bytes per image: float32 %.0f, float16 %.0f%n",
                storeBytes(work.resolve("index-2")) / count, storeBytes(half) / count);
    }

    private static double percentile(List<Double> seconds, int percent) {
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)] * 1e3;
    }

    private static double storeBytes(Path index) throws IOException {
        try (Stream<Path> files = Files.list(index.resolve("factors"))) {
            return files.mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
