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
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private final ClipModel model;
    private final Explainer explainer;
    private final BaselineMaps baselines;
    private final Set<MapMethod> methods;
    private final long seed;
    private final RecordProblems problems;

    /**
     * @param explainer needed when {@code methods} holds {@link MapMethod#DUET}; may be null otherwise
     * @param baselines needed for {@link MapMethod#GRADIENT} and {@link MapMethod#DENSE}; may be null otherwise
     */
    public GroundingRun(ClipModel model, Explainer explainer, BaselineMaps baselines, Set<MapMethod> methods, long seed,
                        RecordProblems problems) {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one method");
        }
        if (methods.contains(MapMethod.DUET) && explainer == null) {
            throw new IllegalArgumentException("Duet's maps need an explainer");
        }
        if (baselines == null && methods.stream().anyMatch(MapMethod::baseline)) {
            throw new IllegalArgumentException("the gradient and dense maps need the image tower's baselines");
        }
        this.model = model;
        this.explainer = explainer;
        this.baselines = baselines;
        this.methods = EnumSet.copyOf(methods);
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
        private Factor imageFactor;
        private BaselineMaps.Image baselineImage;

        Image(GroundedImage image, Map<String, LoggedResult> done, ResultLog log) {
            this.image = image;
            this.done = done;
            this.log = log;
            CropGeometry geometry = model.preprocessor().plan(image.width(), image.height());
            int side = model.config().vision().gridSize();
            this.grid = new PatchRegions(geometry, side, side, model.config().vision().patchSize());
        }

        /** Adds this image's results in order; returns how many phrases were not visible. */
        int score(List<LoggedResult> results) {
            int notVisible = 0;
            for (GroundedCaption caption : image.captions()) {
                String prefix = image.id() + "/" + caption.id() + "/";
                Encoding encoding = model.tokenize(caption.text());
                Explanation explanation = null;
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
                        if (explanation == null && methods.contains(MapMethod.DUET)) {
                            explanation = explainer.explain(explainer.textFactor(encoding.ids()), imageFactor());
                        }
                        result = phrase(key, phrase, phrase.span().of(caption.text()), tokens, inside, explanation);
                        log.append(result);
                    }
                    results.add(result);
                }
                if (!methods.contains(MapMethod.DUET)) {
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
                        if (explanation == null) {
                            explanation = explainer.explain(explainer.textFactor(encoding.ids()), imageFactor());
                        }
                        Explanation against = explainer.explain(explainer.textFactor(negative.ids()), imageFactor());
                        result = new LoggedResult.Contrast(key, contrast.label(),
                                GroundingMetrics.interactionInBox(explanation.spanMap(positiveTokens[0], positiveTokens[1]), inside),
                                GroundingMetrics.interactionInBox(against.spanMap(negativeTokens[0], negativeTokens[1]), inside));
                        log.append(result);
                    }
                    results.add(result);
                }
            }
            return notVisible;
        }

        private LoggedResult.Phrase phrase(String key, GroundedPhrase phrase, String text, int[] tokens, boolean[] inside,
                                           Explanation explanation) {
            Map<MapMethod, LoggedResult.Score> scores = new EnumMap<>(MapMethod.class);
            float[] phraseEmbedding = methods.stream().anyMatch(MapMethod::baseline)
                    ? model.embedTexts(Parallel.serial(), List.of(text))[0] : null;
            for (MapMethod method : methods) {
                float[] map = switch (method) {
                    case DUET -> explanation.spanMap(tokens[0], tokens[1]);
                    case RANDOM -> randomMap(key, grid.patchCount());
                    case CENTRE -> centreMap(grid.rows(), grid.cols());
                    case GRADIENT -> baselineImage().gradientTimesInput(phraseEmbedding);
                    case DENSE -> baselineImage().dense(phraseEmbedding);
                };
                scores.put(method, new LoggedResult.Score(GroundingMetrics.pointingHit(map, inside),
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

        private Factor imageFactor() {
            if (imageFactor == null) {
                imageFactor = explainer.imageFactor(pixels());
            }
            return imageFactor;
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
                        + "; the caption is cut at " + model.config().text().contextLength() + " tokens)"));
                return null;
            }
            return new int[] {range.from(), range.to()};
        }
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
