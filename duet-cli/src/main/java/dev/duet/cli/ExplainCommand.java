/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Completeness;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explanation;
import dev.duet.explain.Explainer;
import dev.duet.explain.ExplanationJson;
import dev.duet.model.DualEncoder;
import dev.duet.model.Score;
import dev.duet.report.Heatmaps;
import dev.duet.report.PairBatch;
import dev.duet.report.Photo;
import dev.duet.tensor.Npy;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.CaptionWords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "explain", description = "Token x patch interactions that add up to the similarity change against references.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOption preprocess = new PreprocessOption();

    @Mixin
    ExplainSettings settings = new ExplainSettings();

    @Mixin
    ProgressOptions progressOptions = new ProgressOptions();

    @Option(names = "--caption", paramLabel = "TEXT")
    String caption;

    @Option(names = "--image", paramLabel = "FILE")
    Path image;

    @Option(names = "--pairs", paramLabel = "FILE.jsonl|FILE.csv", description = "explain many pairs into --out: JSONL, one "
            + "{\"caption\": ..., \"image\": ..., \"spans\": [...]} a line, or CSV with a header row caption,image; image paths "
            + "relative to the file. A rerun skips the pairs already done.")
    Path pairs;

    @Option(names = "--out", paramLabel = "DIR", description = "with --pairs: the folder for pair-LINE.json, pair-LINE.png and index.html")
    Path out;

    @Option(names = "--on-bad-line", defaultValue = "fail", paramLabel = "fail|skip",
            description = "with --pairs: a malformed line stops the run before any work (fail, the default) or is reported and left out (skip)")
    PairsFile.OnBadLine onBadLine;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the explanation as JSON; - prints it "
            + "to standard output (and the summary line to standard error)")
    Path json;

    @Option(names = "--npy", paramLabel = "OUT.npy", description = "write the interaction matrix, tokens x (CLS + patches), "
            + "as a NumPy array (float32, C order)")
    Path npy;

    @Option(names = "--heatmap", paramLabel = "OUT.png",
            description = "write a PNG of the span's map over the original image")
    Path heatmap;

    @Option(names = "--span", paramLabel = "WORDS",
            description = "what --heatmap shows (default: the whole caption, BOS, EOS and padding left out): caption words, "
                    + "found case-insensitively where they first stand in a row, e.g. \"red circle\"; or START:END, "
                    + "characters [START, END) of the caption counted from 0, e.g. 2:12. Every token that overlaps "
                    + "the selected characters is summed.")
    String span;

    @Override
    public Integer call() {
        if (pairs != null || out != null) {
            return explainPairs();
        }
        if (caption == null || image == null) {
            throw new BadInputException(null, "give --caption TEXT and --image FILE, or --pairs FILE and --out DIR");
        }
        if (span != null && heatmap == null) {
            throw new BadInputException(null, "--span chooses what --heatmap shows: give --heatmap OUT.png too");
        }
        if (JsonOutput.toStandardOutput(npy)) {
            throw new BadInputException(null, "--npy writes a binary file: give it a file name, not -");
        }
        JsonOutput.checkOutputs(java.util.List.of(image), json, heatmap, npy);
        DualEncoder loaded = model.load(preprocess);
        ExplainOptions options = settings.options(loaded);
        // the span and the photo are checked before the explanation, so a mistake costs no time
        CaptionSpan selected = null;
        BufferedImage photo = null;
        if (heatmap != null) {
            CaptionWords words = CaptionWords.of(loaded.tokenize(caption));
            selected = span == null ? words.whole() : words.find(span);
            photo = Photo.read(image);
        }
        CaptionImageExplanation result;
        try (Parallel parallel = model.oneShotParallel()) {
            result = Explainer.explain(loaded, caption, image, options, parallel);
        }
        if (json != null) {
            ObjectNode root = ExplanationJson.of(result, loaded, image);
            JsonOutput.emit(json, root, spec.commandLine().getOut());
        }
        if (npy != null) {
            Explanation explanation = result.attributions();
            JsonOutput.writeAtomically(npy, Npy.float32(explanation.interactions(), explanation.tokens(), explanation.columns()));
        }
        if (heatmap != null) {
            JsonOutput.writeAtomically(heatmap, Heatmaps.png(result, selected, photo));
        }
        Completeness completeness = result.attributions().completeness();
        PrintWriter summary = JsonOutput.toStandardOutput(json) ? spec.commandLine().getErr() : spec.commandLine().getOut();
        double similarity = result.attributions().similarity();
        summary.printf(Locale.ROOT,
                "similarity %.5f%s; attributions sum %.5f vs target %.5f (error %.2e) in %.2f s%s%s%s%n",
                similarity, loaded.score() instanceof Score.Sigmoid sigmoid
                        ? String.format(Locale.ROOT, " (sigmoid probability %.4g)", sigmoid.probability(similarity)) : "",
                completeness.sum(), completeness.target(), completeness.error(),
                result.attributions().seconds(), json == null || JsonOutput.toStandardOutput(json) ? "" : "; wrote " + json,
                npy == null ? "" : "; wrote " + npy,
                heatmap == null ? "" : "; wrote " + heatmap + " (map of \u201c" + selected.label() + "\u201d)");
        return 0;
    }

    private Integer explainPairs() {
        if (pairs == null || out == null) {
            throw new BadInputException(null, "--pairs FILE and --out DIR go together");
        }
        if (caption != null || image != null || json != null || npy != null || heatmap != null || span != null) {
            throw new BadInputException(null, "--pairs writes a JSON and a PNG per pair into --out: leave out --caption, --image, "
                    + "--json, --npy, --heatmap and --span (spans go in the pairs file)");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(out) && (parent == null || !Files.isDirectory(parent))) {
            throw new BadInputException(out, "cannot write: folder " + parent + " does not exist");
        }
        DualEncoder loaded = model.load(preprocess);
        ExplainOptions options = settings.options(loaded);
        List<PairBatch.Pair> batch = PairsFile.read(pairs, loaded, onBadLine, spec.commandLine().getErr());
        PairBatch.Summary summary;
        try (Parallel parallel = model.parallel()) {
            Files.createDirectories(out);
            try (TaskProgress progress = TaskProgress.start("explain", batch.size(), "pairs", progressOptions.quiet,
                    spec.commandLine().getErr())) {
                summary = new PairBatch(loaded, Explainer.forModel(loaded, options, parallel), out,
                        (done, pending, detail) -> progress.stepTo(done, pending, detail)).run(batch);
            }
        } catch (IOException e) {
            throw new BadInputException(out, "cannot write: " + e.getMessage(), e);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "explained %d pairs (%d already done) into %s; index %s%n",
                summary.explained(), summary.alreadyDone(), out, out.resolve("index.html"));
        return 0;
    }
}