/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.BadInputException;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.model.DualEncoder;
import dev.duet.report.HtmlReport;
import dev.duet.report.Photo;
import dev.duet.report.ReportEntry;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", description = {
        "One self-contained HTML file explaining caption-image pairs: similarity, completeness, settings, "
                + "token highlights, each word's map, the whole caption's map and the strongest interactions. "
                + "Pictures are embedded; the file needs no network to be viewed.",
        "Pairs: the i-th --caption with the i-th --image; or one caption with every image; or one image "
                + "with every caption."})
final class ReportCommand implements Callable<Integer> {

    static final int MAX_PAIRS = 64;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOption preprocess = new PreprocessOption();

    @Mixin
    ExplainSettings settings = new ExplainSettings();

    @Option(names = "--caption", required = true, paramLabel = "TEXT", description = "a caption (repeatable)")
    List<String> captions = new ArrayList<>();

    @Option(names = "--image", required = true, paramLabel = "FILE", description = "an image (repeatable)")
    List<Path> images = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "REPORT.html", description = "the HTML file to write")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "the report's heading (default: its first caption)")
    String title;

    @Override
    public Integer call() {
        int pairs = pairCount();
        JsonOutput.checkOutputs(images, out);
        // every photo is read before any explanation, so a bad file costs no time
        List<BufferedImage> photos = new ArrayList<>();
        for (Path image : images) {
            photos.add(Photo.read(image));
        }
        DualEncoder loaded = model.load(preprocess);
        ExplainOptions options = settings.options(loaded);
        List<ReportEntry> entries = new ArrayList<>();
        try (Parallel parallel = model.parallel()) {
            if (images.size() == 1) {
                // every caption against the one image: one pass over the image's path
                Path image = images.getFirst();
                for (CaptionImageExplanation explanation : Explainer.explain(loaded, captions, image, options, parallel)) {
                    entries.add(new ReportEntry(explanation, photos.getFirst(), String.valueOf(image.getFileName())));
                }
            } else {
                for (int i = 0; i < pairs; i++) {
                    String caption = captions.get(captions.size() == 1 ? 0 : i);
                    Path image = images.get(i);
                    entries.add(new ReportEntry(Explainer.explain(loaded, caption, image, options, parallel),
                            photos.get(i), String.valueOf(image.getFileName())));
                }
            }
        }
        String heading = title != null ? title : pairs == 1 ? "\u201c" + captions.getFirst() + "\u201d"
                : pairs + " caption-image pairs";
        String html = new HtmlReport(heading, model.modelDirectory().toString()).render(entries);
        JsonOutput.writeAtomically(out, html.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().printf("wrote %s (%d %s)%n", out, pairs, pairs == 1 ? "pair" : "pairs");
        return 0;
    }

    private int pairCount() {
        int pairs = Math.max(captions.size(), images.size());
        if (captions.size() != images.size() && captions.size() != 1 && images.size() != 1) {
            throw new BadInputException(null, captions.size() + " captions and " + images.size()
                    + " images: give as many of each, or one caption or one image for all");
        }
        if (pairs > MAX_PAIRS) {
            throw new BadInputException(null, pairs + " pairs is more than one report holds (" + MAX_PAIRS + ")");
        }
        return pairs;
    }
}
