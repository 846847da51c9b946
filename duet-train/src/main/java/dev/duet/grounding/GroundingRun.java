/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import dev.duet.BadInputException;
import dev.duet.data.GroundedCaption;
import dev.duet.data.GroundedImage;
import dev.duet.data.GroundedPhrase;
import dev.duet.data.GroundingDataset;
import dev.duet.data.PhraseContrast;
import dev.duet.data.RecordProblems;
import dev.duet.data.TextSpan;
import dev.duet.explain.BaselineMaps;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.Factor;
import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.model.DualEncoder;
import dev.duet.model.ImageTower;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scores every grounded phrase and contrast of a data set with every asked {@link MapMethod},
 * image by image in the data set's order. An image's factor (V) is computed once and shared by
 * all its captions and hard negatives ({@link Explainer#explain(Factor, Factor)}); a caption's
 * factor once for all its phrases. Results already in the log are taken from it, so a killed
 * run continues where it stopped and ends with the same results.
 *
 * <p>Keys: {@code <image id>/<caption id>/p<phrase index>} and {@code .../c<contrast index>}.
 * A phrase whose span the tokenizer does not reach (cut at the context length) is a bad
 * record ({@link RecordProblems}); a phrase whose boxes the centre crop cut away is counted as
 * not visible.
 */
public final class GroundingRun {

    /** Told after each image. */
    public interface Progress {
        void imageDone(int done, int total, int results);
    }

    /** What a run produced: every result in data-set order and the phrases no patch saw. */
    public record Outcome(List<LoggedResult> results, int notVisible) {
    }

    private final DualEncoder model;
    private final List<MapSource> sources;
    private final Explainer contrastExplainer;   // the first Duet source's, null without one
    private final BaselineMaps baselines;
    private final long seed;
    private final RecordProblems problems;

    /**
     * @param sources   the maps to score; Duet's at one or several layer pairs, whose image grids must agree
     * @param baselines needed for {@link MapMethod#GRADIENT} and {@link MapMethod#DENSE}; may be null otherwise
     */
    public GroundingRun(DualEncoder model, List<MapSource> sources, BaselineMaps baselines, long seed,
                        RecordProblems problems) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one method");
        }
        if (baselines == null && sources.stream().anyMatch(source -> source.method().baseline())) {
            throw new IllegalArgumentException("the gradient and dense maps need the image tower's baselines");
        }
        List<Explainer> explainers = sources.stream().map(MapSource::explainer).filter(java.util.Objects::nonNull).toList();
        for (Explainer explainer : explainers) {
            if (!model.vision().cut(explainer.imageLayer()).equals(model.vision().cut(explainers.get(0).imageLayer()))) {
                throw new BadInputException(null, "the layer pairs cut the image tower into different grids (image layers "
                        + explainers.get(0).imageLayer() + " and " + explainer.imageLayer() + "): score them in separate runs");
            }
        }
        this.model = model;
        this.sources = List.copyOf(sources);
        this.contrastExplainer = explainers.isEmpty() ? null : explainers.get(0);
        this.baselines = baselines;
        this.seed = seed;
        this.problems = problems;
    }

    public Outcome run(GroundingDataset dataset, ResultLog log, Progress progress) {
        Map<String, LoggedResult> done = log.done();
        List<LoggedResult> results = new ArrayList<>();
        int notVisible = 0;
        int index = 0;
        for (GroundedImage image : dataset.images()) {
            Image work = new Image(image, done, log);
            notVisible += work.score(results);
            progress.imageDone(++index, dataset.images().size(), results.size());
        }
        return new Outcome(results, notVisible);
    }

    /** One image's scoring; its pixels and factor are computed only when a result is missing. */
    private final class Image {

        private final GroundedImage image;
        private final Map<String, LoggedResult> done;
        private final ResultLog log;
        private final PatchRegions grid;
        private float[] pixels;
        private final Map<Explainer, Factor> imageFactors = new java.util.HashMap<>();
        private BaselineMaps.Image baselineImage;

        Image(GroundedImage image, Map<String, LoggedResult> done, ResultLog log) {
            this.image = image;
            this.done = done;
            this.log = log;
            CropGeometry geometry = model.preprocessor().plan(image.width(), image.height());
            ImageTower tower = model.vision();
            ImageTower.Cut cut = tower.cut(contrastExplainer != null ? contrastExplainer.imageLayer() : tower.defaultCut());
            this.grid = new PatchRegions(geometry, cut.gridRows(), cut.gridCols(), cut.cellSize());
        }

        /** Adds this image's results in order; returns how many phrases were not visible. */
        int score(List<LoggedResult> results) {
            int notVisible = 0;
            for (GroundedCaption caption : image.captions()) {
                String prefix = image.id() + "/" + caption.id() + "/";
                Encoding encoding = model.tokenize(caption.text());
                // each Duet source's explanation of this caption, made when a phrase first needs it
                Map<Explainer, Explanation> explanations = new java.util.HashMap<>();
                java.util.function.Function<Explainer, Explanation> explanation = explainer -> explanations.computeIfAbsent(
                        explainer, e -> e.explain(e.textFactor(encoding.ids()), imageFactor(e)));
                for (int i = 0; i < caption.phrases().size(); i++) {
                    GroundedPhrase phrase = caption.phrases().get(i);
                    String key = prefix + "p" + i;
                    int[] tokens = tokens(encoding, phrase.span(), caption);
                    boolean[] inside = PhraseTarget.patches(grid, phrase.boxes());
                    if (tokens == null) {
                        continue;
                    }
                    if (inside == null) {
                        notVisible++;
                        continue;
                    }
                    LoggedResult result = done.get(key);
                    if (result == null) {
                        result = phrase(key, phrase, phrase.span().of(caption.text()), tokens, inside, explanation);
                        log.append(result);
                    }
                    results.add(result);
                }
                if (contrastExplainer == null) {
                    continue;
                }
                for (int i = 0; i < caption.contrasts().size(); i++) {
                    PhraseContrast contrast = caption.contrasts().get(i);
                    String key = prefix + "c" + i;
                    int[] positiveTokens = tokens(encoding, contrast.positiveSpan(), caption);
                    Encoding negative = model.tokenize(contrast.negativeCaption());
                    int[] negativeTokens = tokens(negative, contrast.negativeSpan(), caption);
                    boolean[] inside = PhraseTarget.patches(grid, contrast.boxes());
                    if (positiveTokens == null || negativeTokens == null || inside == null) {
                        continue;
                    }
                    LoggedResult result = done.get(key);
                    if (result == null) {
                        Explainer explainer = contrastExplainer;
                        Explanation against = explainer.explain(explainer.textFactor(negative.ids()), imageFactor(explainer));
                        result = new LoggedResult.Contrast(key, contrast.label(),
                                GroundingMetrics.interactionInBox(explanation.apply(explainer)
                                        .spanMap(positiveTokens[0], positiveTokens[1]), inside),
                                GroundingMetrics.interactionInBox(against.spanMap(negativeTokens[0], negativeTokens[1]), inside));
                        log.append(result);
                    }
                    results.add(result);
                }
            }
            return notVisible;
        }

        private LoggedResult.Phrase phrase(String key, GroundedPhrase phrase, String text, int[] tokens, boolean[] inside,
                                           java.util.function.Function<Explainer, Explanation> explanation) {
            java.util.SortedMap<String, LoggedResult.Score> scores = new java.util.TreeMap<>();
            float[] phraseEmbedding = sources.stream().anyMatch(source -> source.method().baseline())
                    ? model.embedTexts(Parallel.serial(), List.of(text))[0] : null;
            for (MapSource source : sources) {
                float[] map = switch (source.method()) {
                    case DUET -> explanation.apply(source.explainer()).spanMap(tokens[0], tokens[1]);
                    case RANDOM -> randomMap(key, grid.patchCount());
                    case CENTRE -> centreMap(grid.rows(), grid.cols());
                    case GRADIENT -> baselineImage().gradientTimesInput(phraseEmbedding);
                    case DENSE -> baselineImage().dense(phraseEmbedding);
                };
                scores.put(source.name(), new LoggedResult.Score(GroundingMetrics.pointingHit(map, inside),
                        GroundingMetrics.massInBox(map, inside)));
            }
            return new LoggedResult.Phrase(key, phrase.label(), BoxSize.of(phrase.boxes()), GroundingMetrics.chance(inside),
                    scores);
        }

        private float[] pixels() {
            if (pixels == null) {
                pixels = model.preprocess(image.file()).pixels();
            }
            return pixels;
        }

        private Factor imageFactor(Explainer explainer) {
            return imageFactors.computeIfAbsent(explainer, e -> e.imageFactor(pixels()));
        }

        private BaselineMaps.Image baselineImage() {
            if (baselineImage == null) {
                baselineImage = baselines.of(pixels());
            }
            return baselineImage;
        }

        /** Tokens [from, to) whose characters overlap the span, or null (reported) when none does. */
        private int[] tokens(Encoding encoding, TextSpan span, GroundedCaption caption) {
            Encoding.TokenRange range = encoding.tokensOverlapping(span.start(), span.end()).orElse(null);
            if (range == null) {
                problems.report(new BadInputException(image.file(), "caption " + caption.id() + ": the model's tokenizer does not reach '"
                        + span.of(encoding.text()) + "' (characters " + span.start() + ".." + span.end()
                        + "; the caption is cut at " + model.tokenizer().contextLength() + " tokens)"));
                return null;
            }
            return new int[] {range.from(), range.to()};
        }
    }

    /** A scored phrase's Duet map again, for the report of best and worst cases. */
    public record CaseMap(GroundedImage image, GroundedCaption caption, GroundedPhrase phrase, PatchRegions grid,
                          float[] map) {
    }

    /**
     * Duet's map of the phrase logged under {@code key} (image id / caption id / p index) in
     * {@code dataset}, recomputed; empty when the key names no phrase of it.
     */
    public java.util.Optional<CaseMap> caseMap(GroundingDataset dataset, String key) {
        String[] parts = key.split("/");
        if (parts.length != 3 || !parts[2].startsWith("p")) {
            return java.util.Optional.empty();
        }
        for (GroundedImage image : dataset.images()) {
            if (!image.id().equals(parts[0])) {
                continue;
            }
            for (GroundedCaption caption : image.captions()) {
                if (!caption.id().equals(parts[1])) {
                    continue;
                }
                int index = Integer.parseInt(parts[2].substring(1));
                if (index >= caption.phrases().size()) {
                    return java.util.Optional.empty();
                }
                Image work = new Image(image, Map.of(), null);
                GroundedPhrase phrase = caption.phrases().get(index);
                Encoding encoding = model.tokenize(caption.text());
                int[] tokens = work.tokens(encoding, phrase.span(), caption);
                if (tokens == null) {
                    return java.util.Optional.empty();
                }
                Explanation explanation = contrastExplainer.explain(contrastExplainer.textFactor(encoding.ids()), work.pixels());
                return java.util.Optional.of(new CaseMap(image, caption, phrase, work.grid,
                        explanation.spanMap(tokens[0], tokens[1])));
            }
        }
        return java.util.Optional.empty();
    }

    /** Uniform noise in [0, 1) from the run's seed and the phrase's key: the same on every rerun. */
    float[] randomMap(String key, int patches) {
        SplittableRandom random = new SplittableRandom(seed * 31 + key.hashCode());
        float[] map = new float[patches];
        for (int p = 0; p < patches; p++) {
            map[p] = (float) random.nextDouble();
        }
        return map;
    }

    /** A Gaussian over patch centres, centred on the grid, standard deviation a quarter of its side. */
    public static float[] centreMap(int rows, int cols) {
        float[] map = new float[rows * cols];
        double sigma = Math.max(rows, cols) / 4.0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double dy = r + 0.5 - rows / 2.0;
                double dx = c + 0.5 - cols / 2.0;
                map[r * cols + c] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
            }
        }
        return map;
    }
}
