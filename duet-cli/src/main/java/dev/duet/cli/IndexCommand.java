/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.index.IndexBuilder;
import dev.duet.index.Precision;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code duet index}: parses the options, builds or resumes the index with {@link IndexBuilder}, and prints
 * progress (stderr, every 10 s and at the end) and a summary line.
 */
@Command(name = "index", description = {
        "Indexes a folder of images for text search with explanations: each image's embedding in a Lucene HNSW vector "
                + "field and its factor V in Duet's factor store, so that explaining a query against its results costs one "
                + "text factor and one small product per result.",
        "Resumable: run again with the same options, a killed build adds the images it had not committed, each exactly once "
                + "(and images added to the folder since)."})
final class IndexCommand implements Callable<Integer> {


    enum OnBadImageName { skip, fail }

    @Spec
    CommandSpec spec;

    @Mixin
    ProgressOptions progressOptions = new ProgressOptions();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--images", required = true, paramLabel = "DIR",
            description = "the folder of images (PNG, JPEG, BMP, GIF, WebP; sub-folders too; other files are ignored)")
    Path images;

    @Option(names = "--out", required = true, paramLabel = "INDEX", description = "the index folder (created; an existing index is resumed)")
    Path out;

    @Option(names = "--half", description = "store the factor rows as float16: half the size (embeddings stay float32)")
    boolean half;

    @Option(names = "--on-bad-image", defaultValue = "skip",
            description = "an unreadable image is skipped and counted (skip) or stops the build with exit 2 (fail) (default: ${DEFAULT-VALUE})")
    OnBadImageName onBadImage;

    @Option(names = "--commit-every", paramLabel = "N", defaultValue = "32",
            description = "images per commit: a killed build redoes at most this many (default: ${DEFAULT-VALUE})")
    int commitEvery;

    @Option(names = "--image-layer", paramLabel = "L", description = "input of vision block L (default: the last block)")
    Integer imageLayer;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "8", description = "quadrature nodes (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--quadrature", defaultValue = "adaptive", converter = ExplainSettings.SpelledQuadrature.class,
            description = "riemann | gauss-legendre | adaptive (default: ${DEFAULT-VALUE})")
    Quadrature quadrature;

    @Option(names = "--tolerance", defaultValue = "1e-3", description = "adaptive: the image tower's completeness residual (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--normalization", defaultValue = "exact", converter = ExplainSettings.SpelledNormalization.class,
            description = "exact | published (default: ${DEFAULT-VALUE})")
    Normalization normalization;

    @Option(names = "--image-reference", defaultValue = "mean", description = "mean | blur | constant (default: ${DEFAULT-VALUE})")
    ExplainSettings.ImageReferenceName imageReference;

    @Option(names = "--reference-colour", paramLabel = "R,G,B", split = ",", description = "colour for --image-reference constant (0..255)")
    int[] referenceColour = {128, 128, 128};

    @Option(names = "--blur-sigma", paramLabel = "PX", description = "blur radius for --image-reference blur (default: one patch)")
    Double blurSigma;

    @Override
    public Integer call() throws IOException {
        LuceneLog.warningsOnly();
        DualEncoder loaded = model.load();
        PrintWriter err = spec.commandLine().getErr();
        IndexBuilder.Summary summary;
        try (Parallel parallel = model.parallel()) {
            Explainer explainer = Explainer.forModel(loaded, options(loaded), parallel);
            IndexBuilder builder = new IndexBuilder(loaded, explainer, half ? Precision.FLOAT16 : Precision.FLOAT32,
                    onBadImage == OnBadImageName.fail ? IndexBuilder.OnBadImage.FAIL : IndexBuilder.OnBadImage.SKIP, commitEvery);
            try (TaskProgress bar = TaskProgress.start("index", 0, "images", progressOptions.quiet, err)) {
                summary = builder.build(images, out, progress -> bar.stepTo(progress.done(), progress.toDo(),
                        progress.skipped() + " unreadable, skipped"));
            }
        }
        for (String problem : summary.problems()) {
            err.println("index: skipped " + DuetCommand.oneLine(problem));
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "indexed %d images into %s (%d were already there, %d unreadable skipped); "
                + "%d in the index%n", summary.added(), out, summary.alreadyIndexed(), summary.skipped(), summary.items());
        return 0;
    }

    private ExplainOptions options(DualEncoder loaded) {
        return ExplainOptions.defaults()
                .withLayers(null, imageLayer)
                .withQuadrature(quadrature, steps)
                .withTolerance(tolerance)
                .withNormalization(normalization)
                .withImageReference(ExplainSettings.imageReference(imageReference, referenceColour, blurSigma, loaded));
    }
}
