/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Duet's side of {@code ./benchmark.sh rn50-peer} (issue 13): the explanation of one pair by a
 * ResNet CLIP at the input of stage 4 with the settings under which Duet reproduces the paper's
 * explainer (bench/rn50-peer.py runs that explainer): the last text block's input, Riemann 10
 * nodes, the published normalisation, the paper's references (text [BOS, 0, EOS], image zero after
 * normalisation), no logit scale.
 * <ul>
 *   <li>{@code inputs MODEL IMAGE OUT}: Duet's preprocessed pixels ({@code pixels.f32}, [1][3][S][S]) and the
 *   caption's ids ({@code ids.txt}), which both sides explain;</li>
 *   <li>{@code duet MODEL OUT}: prints {@code explain-cold SECONDS} (the first explanation of a fresh JVM:
 *   compilation and reference states included), {@code explain SECONDS} (a second one by a new explainer, so
 *   that the reference states are computed again as the paper's code does on each call), the largest |A|
 *   (and writes the attributions [tokens][H][W] to {@code duet-attributions.f32}) and,
 *   when the paper's attributions ({@code exclip-attributions.f32}, [tokens][H][W]) are in OUT, the largest
 *   difference from them over that largest |A|, and the peak RSS.</li>
 * </ul>
 */
public final class ResNetPeerBenchmark {

    /** Short on purpose: the paper's explainer holds several [tokens * 512][1024 * 14 * 14] float32 matrices at RN50. */
    static final String CAPTION = "a red square";
    /** Duet's cut 3 is the map after stage 3, the input of visual.layer4 that the paper's image_layer 4 hooks. */
    static final int IMAGE_CUT = 3;
    static final int RIEMANN_NODES = 10;

    private ResNetPeerBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("inputs")) {
            writeInputs(ClipModel.load(Path.of(args[1])), Path.of(args[2]), Path.of(args[3]));
        } else if (args.length == 3 && args[0].equals("duet")) {
            timeDuet(ClipModel.load(Path.of(args[1])), Path.of(args[2]));
        } else {
            System.err.println("usage: ResNetPeerBenchmark inputs MODEL IMAGE OUT | duet MODEL OUT");
            System.exit(2);
        }
    }

    /** The settings the paper's explainer runs with (text layer null: the last block's input). */
    static ExplainOptions papersSettings() {
        return ExplainOptions.defaults().withLayers(null, IMAGE_CUT).withQuadrature(Quadrature.RIEMANN, RIEMANN_NODES)
                .withNormalization(Normalization.PUBLISHED);
    }

    private static void writeInputs(ClipModel model, Path image, Path out) throws IOException {
        Files.createDirectories(out);
        PreprocessedImage pixels = model.preprocess(image);
        FloatFiles.write(out.resolve("pixels.f32"), pixels.pixels());
        FloatFiles.writeIds(out.resolve("ids.txt"), model.tokenize(CAPTION).ids());
    }

    private static void timeDuet(ClipModel model, Path out) throws IOException {
        float[] pixels = FloatFiles.read(out.resolve("pixels.f32"));
        int[] ids = FloatFiles.readIds(out.resolve("ids.txt"));
        try (Parallel parallel = Parallel.of(2)) {
            long coldStart = System.nanoTime();
            explain(model, ids, pixels, parallel);
            System.out.printf(Locale.ROOT, "explain-cold %.3f%n", Measurements.since(coldStart));
            long start = System.nanoTime();
            Explanation explanation = explain(model, ids, pixels, parallel);
            System.out.printf(Locale.ROOT, "explain %.3f%n", Measurements.since(start));
            compareWithPaper(explanation, out.resolve("exclip-attributions.f32"));
        }
        System.out.printf(Locale.ROOT, "peak-rss-mib %.0f%n", Measurements.peakRssMiB());
    }

    private static Explanation explain(ClipModel model, int[] ids, float[] pixels, Parallel parallel) {
        Explainer explainer = Explainer.forModel(model, papersSettings(), parallel);
        return explainer.explain(explainer.textFactor(ids), pixels);
    }

    /** A [tokens][rows * cols] copy of the attributions without a class column, the paper's order. */
    private static float[] gridAttributions(Explanation explanation) {
        int cells = explanation.gridRows() * explanation.gridCols();
        float[] grid = new float[explanation.tokens() * cells];
        for (int token = 0; token < explanation.tokens(); token++) {
            for (int p = 0; p < cells; p++) {
                grid[token * cells + p] = explanation.at(token, explanation.patchColumn(p));
            }
        }
        return grid;
    }

    private static void compareWithPaper(Explanation explanation, Path papers) throws IOException {
        float[] ours = gridAttributions(explanation);
        double largest = FloatFiles.largestMagnitude(ours);
        System.out.printf(Locale.ROOT, "attributions %dx%dx%d largest-magnitude %.4e%n", explanation.tokens(),
                explanation.gridRows(), explanation.gridCols(), largest);
        FloatFiles.write(papers.resolveSibling("duet-attributions.f32"), ours);
        if (Files.exists(papers)) {
            float[] theirs = FloatFiles.read(papers);
            System.out.printf(Locale.ROOT, "difference-from-paper %.3e of the paper's largest |A| %.4e%n",
                    FloatFiles.largestDifference(ours, theirs) / FloatFiles.largestMagnitude(theirs),
                    FloatFiles.largestMagnitude(theirs));
        }
    }
}
