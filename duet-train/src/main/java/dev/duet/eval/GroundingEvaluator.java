/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import dev.duet.data.HardNegative;
import dev.duet.data.SwapKind;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.grounding.GroundingMetrics;
import dev.duet.grounding.GroundingRun;
import dev.duet.image.PatchRegions;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;
import dev.duet.world.Phrase;
import dev.duet.world.Scene;
import dev.duet.world.SceneCaption;
import dev.duet.world.SceneObject;
import dev.duet.world.SceneGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retrieval, hard negatives and grounding of a model on {@code count} held-out scenes of a
 * world (a seed never used for training). Grounding follows the paper's pointing game: the
 * span map of a mention (its tokens' rows of A summed over patches) must peak inside the box
 * of a mentioned object.
 */
public final class GroundingEvaluator {

    private final SceneGenerator world;
    private final long seed;
    private final int count;
    private final ExplainOptions options;
    private final Set<String> focusWords;

    /** @param focusWords words (e.g. "cyan", "diamond") whose phrases are also scored apart */
    public GroundingEvaluator(SceneGenerator world, long seed, int count, ExplainOptions options, Set<String> focusWords) {
        this.world = world;
        this.seed = seed;
        this.count = count;
        this.options = options;
        this.focusWords = Set.copyOf(focusWords);
    }

    /**
     * @param scenesDone told how many scenes are scored so far, each time one is; called from the
     *                   evaluating threads, so it must be thread-safe
     */
    public GroundingReport evaluate(DualEncoder model, Parallel parallel, IntConsumer scenesDone) {
        List<Scene> scenes = world.scenes(seed, 0, count).toList();
        List<PreprocessedImage> images = new ArrayList<>(count);
        List<String> captions = new ArrayList<>(count);
        for (Scene scene : scenes) {
            images.add(model.preprocessor().preprocess(scene.image()));
            captions.add(scene.captions().get(0).text());
        }
        HeldOutRetrieval retrieval = HeldOutRetrieval.of(model, parallel, images, captions, scenes.stream()
                .map(scene -> scene.captions().get(0).negatives().stream().map(HardNegative::caption).toList()).toList());
        // Scenes are independent: each thread explains whole scenes, one after another, with an
        // explainer of its own that runs serially. A world model's products are too small to split
        // well over threads, and a scene's numbers are then those of a one-thread run.
        SceneScores[] perScene = new SceneScores[count];
        AtomicInteger nextScene = new AtomicInteger();
        AtomicInteger scored = new AtomicInteger();
        parallel.forRange(parallel.threads(), 1, (from, to) -> {
            Explainer explainer = Explainer.forModel(model, options, Parallel.serial());
            for (int i = nextScene.getAndIncrement(); i < count; i = nextScene.getAndIncrement()) {
                perScene[i] = score(i, scenes.get(i), images.get(i), model, explainer);
                scenesDone.accept(scored.incrementAndGet());
            }
        });
        List<PhraseScore> scores = new ArrayList<>();
        List<MismatchScore> mismatches = new ArrayList<>();
        double specialShare = 0;
        for (SceneScores scene : perScene) {
            scores.addAll(scene.phrases());
            mismatches.addAll(scene.mismatches());
            specialShare += scene.specialRowShare();
        }
        int grounded = (int) scores.stream().filter(PhraseScore::hit).count();
        int mentions = scores.size();
        double chance = scores.stream().mapToDouble(PhraseScore::coverage).sum();
        int focusMentions = (int) scores.stream().filter(score -> score.focusWord() != null).count();
        int focusGrounded = (int) scores.stream().filter(PhraseScore::focusHit).count();
        return new GroundingReport(count, retrieval.textToImage(), retrieval.imageToText(), retrieval.hardNegative(),
                mentions, mentions == 0 ? Double.NaN : grounded / (double) mentions,
                mentions == 0 ? Double.NaN : chance / mentions,
                focusMentions, focusMentions == 0 ? Double.NaN : focusGrounded / (double) focusMentions,
                scores, mismatches, specialShare / count);
    }

    /** The phrases and mismatches of scene {@code i}'s first caption, and the share of |A| its special rows hold. */
    private SceneScores score(int i, Scene scene, PreprocessedImage image, DualEncoder model, Explainer explainer) {
        List<PhraseScore> scores = new ArrayList<>();
        List<MismatchScore> mismatches = new ArrayList<>();
        SceneCaption caption = scene.captions().get(0);
        Encoding encoding = model.tokenize(caption.text());
        // the caption and its colour, shape and size hard negatives (the mismatch table) share one pass over the image
        List<HardNegative> negatives = caption.negatives().stream()
                .filter(negative -> negative.swap() == SwapKind.COLOUR || negative.swap() == SwapKind.SHAPE
                        || negative.swap() == SwapKind.SIZE)
                .toList();
        List<Encoding> encodings = new ArrayList<>();
        encodings.add(encoding);
        negatives.forEach(negative -> encodings.add(model.tokenize(negative.caption())));
        List<Explanation> explained = explainer.explain(
                encodings.stream().map(each -> explainer.textFactor(each.ids())).toList(), image.pixels());
        Explanation explanation = explained.get(0);
        PatchRegions regions = new PatchRegions(image.geometry(), explanation.gridRows(), explanation.gridCols(),
                model.vision().cut(explainer.imageLayer()).cellSize());
        List<Phrase> phrases = scene.phrases(caption);
        boolean[] anyObject = new boolean[regions.patchCount()];
        int namedObjects = 0;
        for (Phrase phrase : phrases) {
            boolean[] covered = covered(phrase, regions);
            for (int p = 0; p < covered.length; p++) {
                anyObject[p] |= covered[p];
            }
            namedObjects += phrase.boxes().size();
        }
        float[] centre = GroundingRun.centreMap(explanation.gridRows(), explanation.gridCols());
        // a plural phrase ("two red squares") grounds several objects with one span: any of them counts
        for (Phrase phrase : phrases) {
            float[] map = mapOf(explanation, encoding, phrase.span().start(), phrase.span().end());
            boolean[] covered = covered(phrase, regions);
            SceneObject named = firstNamed(scene, caption, phrase);
            // a new concept is scored by its own word's map ("cyan" of "a small cyan star"):
            // the phrase's other, familiar words would otherwise carry it
            String focusWord = null;
            boolean focusHit = false;
            double focusMass = Double.NaN;
            boolean focusOnObject = false;
            Matcher word = WORD.matcher(phrase.span().of(caption.text()));
            while (focusWord == null && word.find()) {
                focusWord = focusOf(word.group());
                if (focusWord != null) {
                    int start = phrase.span().start() + word.start();
                    float[] focusMap = mapOf(explanation, encoding, start, start + word.group().length());
                    focusHit = GroundingMetrics.pointingHit(focusMap, covered);
                    focusMass = GroundingMetrics.massInBox(focusMap, covered);
                    focusOnObject = GroundingMetrics.pointingHit(focusMap, anyObject);
                }
            }
            scores.add(new PhraseScore(i, phrase.span().of(caption.text()), named.shape(), named.colour(),
                    named.size(), scene.objects().size(), GroundingMetrics.pointingHit(map, covered),
                    GroundingMetrics.massInBox(map, covered), GroundingMetrics.chance(covered),
                    GroundingMetrics.pointingHit(centre, covered), GroundingMetrics.massInBox(centre, covered),
                    GroundingMetrics.interactionInBox(map, covered), focusWord, focusHit, focusMass,
                    GroundingMetrics.pointingHit(map, anyObject), focusOnObject,
                    phrase.boxes().size() / (double) namedObjects));
        }
        for (int n = 0; n < negatives.size(); n++) {
            HardNegative negative = negatives.get(n);
            int start = negative.span().start();
            Phrase phrase = phrases.stream()
                    .filter(p -> p.span().start() <= start && start < p.span().end()).findFirst().orElseThrow();
            boolean[] covered = covered(phrase, regions);
            Encoding swapped = encodings.get(n + 1);
            Explanation mismatch = explained.get(n + 1);
            mismatches.add(new MismatchScore(i, negative.swap(), negative.replaced(), negative.replacement(),
                    GroundingMetrics.interactionInBox(
                            mapOf(explanation, encoding, start, start + negative.replaced().length()), covered),
                    GroundingMetrics.interactionInBox(
                            mapOf(mismatch, swapped, start, negative.span().end()), covered)));
        }
        return new SceneScores(scores, mismatches, specialRowShare(explanation, encoding));
    }

    private record SceneScores(List<PhraseScore> phrases, List<MismatchScore> mismatches, double specialRowShare) {
    }

    /** The share of sum |A| over patch columns that the rows outside the caption's text hold (BOS, EOS, SigLIP's padding). */
    private static double specialRowShare(Explanation explanation, Encoding caption) {
        double special = 0;
        double total = 0;
        for (int token = 0; token < explanation.tokens(); token++) {
            for (int p = explanation.patchColumn(0); p < explanation.columns(); p++) {
                double magnitude = Math.abs(explanation.at(token, p));
                total += magnitude;
                special += caption.role(token) != Encoding.Role.TEXT ? magnitude : 0;
            }
        }
        return total > 0 ? special / total : 0;
    }

    /** covered[p]: whether patch p (row-major) is one of the phrase's ({@link Phrase#covers}). */
    private static boolean[] covered(Phrase phrase, PatchRegions regions) {
        boolean[] covered = new boolean[regions.patchCount()];
        for (int p : phrase.coveredPatches(regions)) {
            covered[p] = true;
        }
        return covered;
    }

    /** The object of the phrase's first mention: its shape, colour and size classify the phrase. */
    private static SceneObject firstNamed(Scene scene, SceneCaption caption, Phrase phrase) {
        return caption.mentions().stream().filter(m -> m.span().equals(phrase.span())).findFirst()
                .map(scene::object).orElseThrow();
    }

    private static final Pattern WORD = Pattern.compile("\\S+");

    /** The focus word that {@code word} is, or whose plural it is ("diamonds", "crosses"); null when none. */
    private String focusOf(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        if (focusWords.contains(lower)) {
            return lower;
        }
        if (lower.endsWith("s") && focusWords.contains(lower.substring(0, lower.length() - 1))) {
            return lower.substring(0, lower.length() - 1);
        }
        if (lower.endsWith("es") && focusWords.contains(lower.substring(0, lower.length() - 2))) {
            return lower.substring(0, lower.length() - 2);
        }
        return null;
    }

    /** The image map [patches] of the caption's characters [start, end). */
    private static float[] mapOf(Explanation explanation, Encoding encoding, int start, int end) {
        int[] tokens = tokensOf(encoding, start, end);
        return explanation.spanMap(tokens[0], tokens[1]);
    }

    /** Tokens [from, to) whose character spans overlap [start, end) of the caption. */
    static int[] tokensOf(Encoding encoding, int start, int end) {
        Encoding.TokenRange range = encoding.tokensOverlapping(start, end).orElseThrow(() -> new IllegalStateException(
                "no token covers characters " + start + ".." + end + " of '" + encoding.text() + "'"));
        return new int[] {range.from(), range.to()};
    }
}
