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
import dev.duet.explain.Quadrature;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Gemm;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * Duet's side of {@code ./benchmark.sh siglip} (issue 19) on a SigLIP-base-shaped checkpoint
 * (tools/references/siglip.py {@code --base}); the peer's side is bench/siglip-peer.py.
 * <ul>
 *   <li>{@code inputs MODEL IMAGE OUT CAPTIONS}: Duet's preprocessed pixels ({@code pixels.f32},
 *   [1][3][S][S] float32 little-endian), the ids of {@link #CAPTION} ({@code ids.txt}, padded to the
 *   text length) and CAPTIONS seeded captions ({@code captions.txt}, one a line), so that both sides run
 *   on the same input;</li>
 *   <li>{@code duet MODEL OUT}: the image embedding at batch 1 and 8 and the text embedding at batch 1 on
 *   2 threads, printed as {@code WORKLOAD SECONDS} (the median after warm-up, the counts bench/peers.py and
 *   bench/siglip-peer.py use), and Duet's embeddings of the inputs ({@code duet-image.f32},
 *   {@code duet-text.f32}) for the peer to compare;</li>
 *   <li>{@code explain SIGLIP CLIP IMAGE RUNS}: one explanation (caption factor and image side,
 *   Gauss-Legendre 4 nodes at the default cuts, the last blocks) of each checkpoint, taking turns run by
 *   run in one JVM after one untimed explanation each, and SigLIP's again with its image cut after the last
 *   block (the pooling head's input); the median seconds of each and of its two parts, its GEMM GFLOP, and
 *   each SigLIP's seconds over CLIP's run by run and their median;</li>
 *   <li>{@code tokenize MODEL OUT RUNS}: the checkpoint's tokenizer over {@code captions.txt}, RUNS
 *   passes after one warm-up pass, printed as {@code tokenizer-N SECONDS} (N captions, the median pass)
 *   and as captions per second; the ids, one caption a line, to {@code duet-ids.txt}.</li>
 * </ul>
 */
public final class SiglipBenchmark {

    static final String CAPTION = "a red circle and a blue square";
    /** Threads of the timed runs: the peer's, so that the ratio compares engines, not core counts. */
    private static final int THREADS = 2;

    private static final String[] COLOURS = {"red", "blue", "green", "yellow", "black", "white", "orange", "purple",
            "grey", "pink", "brown", "golden"};
    private static final String[] THINGS = {"square", "circle", "triangle", "dog", "cat", "car", "tree", "house",
            "umbrella", "table", "window", "bicycle", "ball", "bird", "boat", "café", "street", "child", "woman", "man"};
    private static final String[] RELATIONS = {"next to", "left of", "right of", "above", "below", "behind",
            "in front of", "on", "under", "near"};
    private static final String[] OPENINGS = {"a photo of", "A picture of", "an image showing", "Close-up of",
            "THE VIEW OF", "a drawing of", "Two", "three", "my"};
    private static final String[] ENDINGS = {"", ".", "!", "?", " at night", ", in the rain.", " (blurry)",
            " -- 2026", " in 4K", "..."};

    private SiglipBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "inputs" -> writeInputs(DualEncoder.load(Path.of(args[1])), Path.of(args[2]), Path.of(args[3]),
                    Integer.parseInt(args[4]));
            case "duet" -> timeEmbeddings(DualEncoder.load(Path.of(args[1])), Path.of(args[2]));
            case "explain" -> timeExplanations(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]),
                    Integer.parseInt(args[4]));
            case "tokenize" -> timeTokenizer(DualEncoder.tokenizer(Path.of(args[1])), Path.of(args[2]),
                    Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("usage: SiglipBenchmark inputs MODEL IMAGE OUT CAPTIONS "
                    + "| duet MODEL OUT | explain SIGLIP CLIP IMAGE RUNS | tokenize MODEL OUT RUNS");
        }
    }

    private static void writeInputs(DualEncoder model, Path image, Path out, int captions) throws IOException {
        Files.createDirectories(out);
        FloatFiles.write(out.resolve("pixels.f32"), model.preprocess(image).pixels());
        Files.writeString(out.resolve("ids.txt"), line(model.tokenize(CAPTION).ids()));
        Random random = new Random(19);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < captions; i++) {
            lines.append(caption(random)).append('\n');
        }
        Files.writeString(out.resolve("captions.txt"), lines, StandardCharsets.UTF_8);
    }

    /**
     * A caption of 4 to about 40 words: mixed case, punctuation, digits and a non-ASCII letter, which
     * SigLIP's text preparation lower-cases, strips and normalises; the longest pass the 64 tokens and are cut.
     */
    private static String caption(Random random) {
        StringBuilder caption = new StringBuilder(pick(random, OPENINGS));
        for (int clause = 0; clause < 1 + random.nextInt(5); clause++) {
            if (clause > 0) {
                caption.append(random.nextBoolean() ? ", " : " and ").append(pick(random, RELATIONS));
            }
            caption.append(random.nextInt(4) == 0 ? " " + (2 + random.nextInt(98)) : " a")
                    .append(' ').append(pick(random, COLOURS)).append(' ').append(pick(random, THINGS));
        }
        return caption.append(pick(random, ENDINGS)).toString();
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }

    private static void timeEmbeddings(DualEncoder model, Path out) throws IOException {
        float[] pixels = FloatFiles.read(out.resolve("pixels.f32"));
        int[] ids = Arrays.stream(Files.readString(out.resolve("ids.txt")).trim().split(" "))
                .mapToInt(Integer::parseInt).toArray();
        try (Parallel parallel = Parallel.of(THREADS)) {
            List<float[]> one = List.of(pixels);
            List<float[]> eight = new ArrayList<>(Collections.nCopies(8, pixels));
            List<int[]> text = List.of(ids);
            FloatFiles.write(out.resolve("duet-image.f32"), model.vision().encode(parallel, one)[0]);
            FloatFiles.write(out.resolve("duet-text.f32"), model.text().encode(parallel, text)[0]);
            Measurements.printMedian("image-1", 3, 7, () -> Measurements.time(() -> model.vision().encode(parallel, one)));
            Measurements.printMedian("image-8", 2, 5, () -> Measurements.time(() -> model.vision().encode(parallel, eight)));
            Measurements.printMedian("text-1", 5, 15, () -> Measurements.time(() -> model.text().encode(parallel, text)));
        }
        System.out.printf(Locale.ROOT, "peak-rss-mib %.0f%n", Measurements.peakRssMiB());
    }

    /** One model's explanation workload: the caption's ids and the image's pixels, as its own library prepares them. */
    private record Workload(String name, DualEncoder model, Explainer explainer, int[] ids, float[] pixels) {

        /** At the default cuts (the input of each tower's last block). */
        static Workload of(Path directory, Path image, Parallel parallel) {
            return of(DualEncoder.load(directory), directory, image, parallel, false);
        }

        /**
         * With {@code headInput}, the image cut is after the last block, the input of SigLIP's attention-pooling
         * head: the head reads every row, so the image side there skips the last block's backward on all rows.
         */
        static Workload of(DualEncoder model, Path directory, Path image, Parallel parallel, boolean headInput) {
            ExplainOptions options = ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, 4);
            if (headInput) {
                options = options.withLayers(null, model.vision().lastCut());
            }
            String name = directory.getFileName() + (headInput ? " (image cut " + model.vision().lastCut() + ")" : "");
            return new Workload(name, model, Explainer.forModel(model, options, parallel), model.tokenize(CAPTION).ids(),
                    model.preprocess(image).pixels());
        }

        /** One explanation: the caption's factor, then the image side and the product. */
        Run explain() {
            long flopsBefore = Gemm.countedFlops();
            long start = System.nanoTime();
            Factor text = explainer.textFactor(ids);
            double textSeconds = Measurements.since(start);
            long imageStart = System.nanoTime();
            explainer.explain(text, pixels);
            return new Run(Measurements.since(start), textSeconds, Measurements.since(imageStart),
                    Gemm.countedFlops() - flopsBefore, explainer.imageModeFor(text));
        }
    }

    /** Seconds of one explanation and of its two parts, the GEMM FLOPs it counted and how its image side ran. */
    private record Run(double seconds, double textFactorSeconds, double imageSideSeconds, long flops, ImageMode imageMode) {
    }

    private static void timeExplanations(Path siglip, Path clip, Path image, int runs) {
        try (Parallel parallel = Parallel.of(THREADS)) {
            Workload siglipAtLastBlock = Workload.of(siglip, image, parallel);
            // the same loaded SigLIP again with its image cut at the head's input: two copies would not fit the heap
            Workload[] workloads = {siglipAtLastBlock, Workload.of(clip, image, parallel),
                Workload.of(siglipAtLastBlock.model(), siglip, image, parallel, true)};
            for (Workload workload : workloads) {
                // compiles the kernels and fills the explainer's model-wide reference states, as a server's first call would
                workload.explain();
            }
            Run[][] timed = new Run[workloads.length][runs];
            // the models take turns run by run, so that neither is measured on a busier machine than the other
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < workloads.length; i++) {
                    timed[i][run] = workloads[i].explain();
                }
            }
            System.out.println("| checkpoint | caption tokens | image side | seconds, run by run | median s "
                    + "| caption factor s (median) | image side and product s (median) | GFLOP |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int i = 0; i < workloads.length; i++) {
                String list = Arrays.stream(timed[i]).map(r -> String.format(Locale.ROOT, "%.3f", r.seconds()))
                        .collect(Collectors.joining(", "));
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %.3f | %.3f | %.3f | %.1f |%n", workloads[i].name(),
                        workloads[i].ids().length, Spelling.of(timed[i][0].imageMode()), list,
                        median(timed[i], Run::seconds), median(timed[i], Run::textFactorSeconds),
                        median(timed[i], Run::imageSideSeconds), timed[i][0].flops() / 1e9);
            }
            for (int other : new int[] {0, 2}) {
                double[] ratios = new double[runs];
                for (int run = 0; run < runs; run++) {
                    ratios[run] = timed[other][run].seconds() / timed[1][run].seconds();
                }
                System.out.printf(Locale.ROOT, "%s / %s, run by run: %s; median %.2f%n", workloads[other].name(),
                        workloads[1].name(), Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                                .collect(Collectors.joining(", ")), Measurements.median(Arrays.stream(ratios).sorted().toArray()));
            }
        }
    }

    private static double median(Run[] runs, ToDoubleFunction<Run> part) {
        return Measurements.median(Arrays.stream(runs).mapToDouble(part).sorted().toArray());
    }

    private static void timeTokenizer(Tokenizer tokenizer, Path out, int runs) throws IOException {
        List<String> captions = Files.readAllLines(out.resolve("captions.txt"), StandardCharsets.UTF_8);
        StringBuilder ids = new StringBuilder();
        for (String caption : captions) {
            ids.append(line(tokenizer.encode(caption).ids())).append('\n');
        }
        Files.writeString(out.resolve("duet-ids.txt"), ids);
        // the pass above is the warm-up, as in bench/siglip-peer.py
        double[] seconds = Measurements.seconds(0, runs, () -> Measurements.time(() -> captions.forEach(tokenizer::encode)));
        System.out.printf(Locale.ROOT, "tokenizer-%d %.5f%n", captions.size(), Measurements.median(seconds));
        System.out.printf(Locale.ROOT, "captions-per-second %.0f%n", captions.size() / Measurements.median(seconds));
    }

    private static String line(int[] ids) {
        return Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }
}
