/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.Spelling;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.Quadrature;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Duet's side of {@code ./benchmark.sh align} (issue 13) on an ALIGN checkpoint (bench/align-peer.py runs the
 * repository's PyTorch reference on the same inputs), two threads:
 * <ul>
 *   <li>{@code inputs MODEL IMAGE OUT}: Duet's preprocessed pixels ({@code pixels.f32}, [1][3][S][S]), the
 *   caption's ids ({@code ids.txt}) and Duet's embeddings of both ({@code duet-image.f32},
 *   {@code duet-text.f32}), which the peer compares with its own;</li>
 *   <li>{@code duet MODEL OUT}: {@code WORKLOAD SECONDS} lines for image embeddings at batch 1 and 8 and text
 *   embeddings at batch 1 and 8 (the median after warm-up, the counts bench/align-peer.py uses), and the
 *   peak RSS;</li>
 *   <li>{@code explain MODEL OUT}: the pair's explanation at the default cuts (after the last EfficientNet
 *   stage; the last BERT layer's input) with Gauss-Legendre 4 nodes, first in a cold JVM, then again, then
 *   with the default adaptive rule (its node count printed), and the peak RSS.</li>
 * </ul>
 */
public final class AlignPeerBenchmark {

    /** tools/references/align.py's first caption, whose words its test vocabulary spells piece by piece. */
    static final String CAPTION = "a red square right of a blue rectangle";
    static final int BATCH = 8;
    static final int GAUSS_LEGENDRE_NODES = 4;

    private AlignPeerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("inputs")) {
            writeInputs(DualEncoder.load(Path.of(args[1])), Path.of(args[2]), Path.of(args[3]));
        } else if (args.length == 3 && args[0].equals("duet")) {
            timeEmbeddings(DualEncoder.load(Path.of(args[1])), Path.of(args[2]));
        } else if (args.length == 3 && args[0].equals("explain")) {
            timeExplanations(DualEncoder.load(Path.of(args[1])), Path.of(args[2]));
        } else {
            System.err.println("usage: AlignPeerBenchmark inputs MODEL IMAGE OUT | duet MODEL OUT | explain MODEL OUT");
            System.exit(2);
        }
    }

    private static void writeInputs(DualEncoder model, Path image, Path out) throws IOException {
        Files.createDirectories(out);
        PreprocessedImage pixels = model.preprocess(image);
        int[] ids = model.tokenize(CAPTION).ids();
        FloatFiles.write(out.resolve("pixels.f32"), pixels.pixels());
        FloatFiles.writeIds(out.resolve("ids.txt"), ids);
        try (Parallel parallel = Parallel.of(2)) {
            FloatFiles.write(out.resolve("duet-image.f32"), model.vision().encode(parallel, List.of(pixels.pixels()))[0]);
            FloatFiles.write(out.resolve("duet-text.f32"), model.text().encode(parallel, List.of(ids))[0]);
        }
    }

    private static void timeEmbeddings(DualEncoder model, Path out) throws IOException {
        float[] pixels = FloatFiles.read(out.resolve("pixels.f32"));
        int[] ids = FloatFiles.readIds(out.resolve("ids.txt"));
        List<float[]> oneImage = List.of(pixels);
        List<float[]> images = Collections.nCopies(BATCH, pixels);
        List<int[]> oneCaption = List.of(ids);
        List<int[]> captions = Collections.nCopies(BATCH, ids);
        try (Parallel parallel = Parallel.of(2)) {
            Measurements.printMedian("image-1", 2, 5,
                    () -> Measurements.time(() -> model.vision().encode(parallel, oneImage)));
            Measurements.printMedian("image-" + BATCH, 1, 3,
                    () -> Measurements.time(() -> model.vision().encode(parallel, images)));
            Measurements.printMedian("text-1", 3, 10,
                    () -> Measurements.time(() -> model.text().encode(parallel, oneCaption)));
            Measurements.printMedian("text-" + BATCH, 2, 5,
                    () -> Measurements.time(() -> model.text().encode(parallel, captions)));
        }
        System.out.printf(Locale.ROOT, "peak-rss-mib %.0f%n", Measurements.peakRssMiB());
    }

    private static void timeExplanations(DualEncoder model, Path out) throws IOException {
        float[] pixels = FloatFiles.read(out.resolve("pixels.f32"));
        int[] ids = FloatFiles.readIds(out.resolve("ids.txt"));
        ExplainOptions gaussLegendre = ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, GAUSS_LEGENDRE_NODES);
        String fixedRule = "explain-" + Spelling.of(Quadrature.GAUSS_LEGENDRE) + "-" + GAUSS_LEGENDRE_NODES;
        try (Parallel parallel = Parallel.of(2)) {
            Explanation cold = explain(model, gaussLegendre, ids, pixels, parallel);
            System.out.printf(Locale.ROOT, "%s-cold %.3f image-cut %d text-cut %d%n", fixedRule, cold.seconds(),
                    cold.options().imageLayer(), cold.options().textLayer());
            System.out.printf(Locale.ROOT, "%s %.3f%n", fixedRule,
                    explain(model, gaussLegendre, ids, pixels, parallel).seconds());
            Explanation adaptive = explain(model, ExplainOptions.defaults(), ids, pixels, parallel);
            System.out.printf(Locale.ROOT, "explain-%s %.3f nodes text %d image %d%n", Spelling.of(Quadrature.ADAPTIVE),
                    adaptive.seconds(), adaptive.text().nodes(), adaptive.image().nodes());
        }
        System.out.printf(Locale.ROOT, "peak-rss-mib %.0f%n", Measurements.peakRssMiB());
    }

    /** A new explainer each time, so that every explanation computes the model's reference states. */
    private static Explanation explain(DualEncoder model, ExplainOptions options, int[] ids, float[] pixels,
                                       Parallel parallel) {
        long start = System.nanoTime();
        Explainer explainer = Explainer.forModel(model, options, parallel);
        return explainer.explain(explainer.textFactor(ids), pixels).withSeconds(Measurements.since(start));
    }
}
