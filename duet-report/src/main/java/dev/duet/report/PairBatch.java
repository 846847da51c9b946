/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.AtomicFiles;
import dev.duet.Version;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.ExplanationJson;
import dev.duet.explain.Factor;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.DualEncoder;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.Encoding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Explains caption-image pairs into a folder: per pair {@code pair-LINE.json} (the explanation,
 * as {@code explain --json}, with each span's map) and {@code pair-LINE.png} (the map of its first
 * span, else of the whole caption), and {@code index.html} linking them. A caption's factor is
 * computed once for all its pairs, and an image's too when several pairs share it (an image seen
 * once goes the cheaper single-pair way). Every file is written atomically, the JSON last, so a
 * run killed at any point leaves only complete pairs; a rerun skips them (a pair is done when its
 * JSON names the same caption and image and its PNG is there) and writes nothing twice.
 */
public final class PairBatch {

    /** One pair to explain; {@code line} (1-based, in the pairs file) names its outputs. */
    public record Pair(int line, String caption, Path image, List<CaptionSpan> spans) {
        public Pair {
            spans = List.copyOf(spans);
        }
    }

    /** What a run did: pairs explained now, and pairs a previous run had finished. */
    public record Summary(int explained, int alreadyDone) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEFTOVER_GLOB = ".duet-*.part";

    private final DualEncoder model;
    private final Explainer explainer;
    private final Path out;
    private final Progress progress;

    /** Told after each pair: pairs done of those pending, and a line about the last one. */
    @FunctionalInterface
    public interface Progress {
        void pairDone(int done, int pending, String detail);
    }

    public PairBatch(DualEncoder model, Explainer explainer, Path out, Progress progress) {
        this.model = model;
        this.explainer = explainer;
        this.out = out;
        this.progress = progress;
    }

    public static Path jsonFile(Path out, Pair pair) {
        return out.resolve("pair-%d.json".formatted(pair.line()));
    }

    public static Path pngFile(Path out, Pair pair) {
        return out.resolve("pair-%d.png".formatted(pair.line()));
    }

    public Summary run(List<Pair> pairs) throws IOException {
        removeLeftovers();
        List<Pair> pending = pairs.stream().filter(pair -> !done(pair)).toList();
        // factors are kept while pairs still need them: a caption's always, an image's when shared
        Map<String, Integer> captionUses = new HashMap<>();
        Map<Path, Integer> imageUses = new HashMap<>();
        for (Pair pair : pending) {
            captionUses.merge(pair.caption(), 1, Integer::sum);
            imageUses.merge(pair.image(), 1, Integer::sum);
        }
        // the image side's mode follows from the whole batch, so that a rerun after a kill, with fewer pairs
        // pending, explains each pair as the uninterrupted run did
        Map<Path, Integer> imagesInBatch = new HashMap<>();
        for (Pair pair : pairs) {
            imagesInBatch.merge(pair.image(), 1, Integer::sum);
        }
        boolean[] sharedImage = new boolean[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            sharedImage[i] = imagesInBatch.get(pending.get(i).image()) > 1;
        }
        Map<String, Factor> textFactors = new HashMap<>();
        Map<Path, PreprocessedImage> images = new HashMap<>();
        Map<Path, Factor> imageFactors = new HashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            Pair pair = pending.get(i);
            long pairStart = System.nanoTime();
            Encoding encoding = model.tokenize(pair.caption());
            Factor text = textFactors.computeIfAbsent(pair.caption(), caption -> explainer.textFactor(encoding.ids()));
            PreprocessedImage image = images.computeIfAbsent(pair.image(), model::preprocess);
            Explanation explanation = sharedImage[i]
                    ? explainer.explain(text, imageFactors.computeIfAbsent(pair.image(), path -> explainer.imageFactor(image.pixels())))
                    : explainer.explain(text, image.pixels());
            write(pair, new CaptionImageExplanation(explanation.withSeconds((System.nanoTime() - pairStart) / 1e9), encoding, image));
            if (captionUses.merge(pair.caption(), -1, Integer::sum) == 0) {
                textFactors.remove(pair.caption());
            }
            if (imageUses.merge(pair.image(), -1, Integer::sum) == 0) {
                images.remove(pair.image());
                imageFactors.remove(pair.image());
            }
            progress.pairDone(i + 1, pending.size(), String.format(Locale.ROOT, "line %d: similarity %.4f", pair.line(),
                    explanation.similarity()));
        }
        writeIndex(pairs);
        return new Summary(pending.size(), pairs.size() - pending.size());
    }

    /** Temporary files of an atomic write that a killed run could not remove. */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(out, LEFTOVER_GLOB)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private boolean done(Pair pair) {
        Path json = jsonFile(out, pair);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(pngFile(out, pair))) {
            return false;
        }
        try {
            JsonNode written = JSON.readTree(json.toFile());
            return written.path("caption").asText().equals(pair.caption())
                    && written.path("image").asText().equals(pair.image().toString());
        } catch (IOException unreadable) {
            return false;   // not a JSON this batch wrote: explained again, and replaced
        }
    }

    private void write(Pair pair, CaptionImageExplanation result) throws IOException {
        Selections selections = Selections.of(result);
        ObjectNode root = ExplanationJson.of(result, model, pair.image());
        root.put("line", pair.line());
        ObjectNode maps = root.putObject("span_maps");
        for (CaptionSpan span : pair.spans()) {
            ObjectNode entry = maps.putObject(span.label());
            entry.putArray("tokens").add(span.fromToken()).add(span.toToken());
            float[] map = selections.map(span);
            var values = entry.putArray("map");
            for (float value : map) {
                values.add(value);
            }
        }
        CaptionSpan shown = pair.spans().isEmpty() ? selections.words().whole() : pair.spans().getFirst();
        String title = String.format(Locale.ROOT, "\u201c%s\u201d \u00b7 similarity %.4f", shown.label(),
                result.attributions().similarity()).replace('-', '\u2212');
        byte[] png = new HeatmapOverlay(Photo.read(pair.image()), selections.regions()).render(title, selections.map(shown)).png();
        AtomicFiles.write(pngFile(out, pair), png);
        AtomicFiles.write(jsonFile(out, pair), JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
    }

    private void writeIndex(List<Pair> pairs) throws IOException {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"generator\" content=\"Duet " + Html.escape(Version.VALUE) + "\"><title>Duet: "
                + pairs.size() + " pairs</title><style>body{font-family:sans-serif;margin:2em}figure{display:inline-block;"
                + "margin:0 1em 1em 0;width:260px;vertical-align:top}img{width:100%}figcaption{font-size:90%}</style>"
                + "</head><body>\n<h1>" + pairs.size() + " explained pairs</h1>\n<p>Model <code>"
                + Html.escape(model.directory().toString()) + "</code> \u00b7 Duet " + Html.escape(Version.VALUE) + "</p>\n");
        for (Pair pair : pairs) {
            double similarity = JSON.readTree(jsonFile(out, pair).toFile()).path("similarity").asDouble();
            String name = "pair-" + pair.line();
            html.append("<figure><a href=\"").append(name).append(".json\"><img src=\"").append(name).append(".png\" alt=\"")
                    .append(Html.escape(pair.caption())).append("\"></a><figcaption>").append(Html.escape(pair.caption()))
                    .append("<br>").append(Html.escape(pair.image().getFileName().toString())).append(" \u00b7 line ")
                    .append(pair.line()).append(" \u00b7 similarity ").append(Html.number(similarity))
                    .append("</figcaption></figure>\n");
        }
        html.append("</body></html>\n");
        AtomicFiles.write(out.resolve("index.html"), html.toString().getBytes(StandardCharsets.UTF_8));
    }
}
