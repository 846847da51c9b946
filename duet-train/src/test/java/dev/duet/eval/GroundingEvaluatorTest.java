/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import dev.duet.data.SwapKind;
import dev.duet.explain.ExplainOptions;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;
import dev.duet.world.SceneGenerator;
import dev.duet.world.WorldSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator on the fixture model: scores are shares, repeatable, and phrases map to their tokens. */
class GroundingEvaluatorTest {

    private static Path tinyModel() {
        Path model = Path.of(System.getProperty("duet.shared"), "fixtures", "models", "tiny");
        if (!Files.isDirectory(model)) {
            throw new IllegalStateException("fixture model not found at " + model);
        }
        return model;
    }

    @Test
    void scoresAreSharesAndRepeatable() {
        ClipModel model = ClipModel.load(tinyModel());
        SceneGenerator world = new SceneGenerator(WorldSpec.standard().withImageSize(64));
        GroundingEvaluator evaluator = new GroundingEvaluator(world, 5, 12, ExplainOptions.defaults(), Set.of("red", "circle"));
        GroundingReport first = evaluator.evaluate(model, Parallel.of(2), done -> { });
        GroundingReport second = evaluator.evaluate(model, Parallel.of(2), done -> { });
        assertEquals(first, second);
        assertEquals(12, first.scenes());
        assertTrue(first.mentions() >= 12, "every first caption names at least one object");
        for (double share : new double[] {first.textToImage(), first.imageToText(), first.hardNegative(), first.grounding(),
                first.groundingChance()}) {
            assertTrue(share >= 0 && share <= 1, "a share: " + share);
        }
        assertTrue(first.groundingChance() > 0, "boxes cover some patch centres");
        assertTrue(first.focusMentions() <= first.mentions());
        assertEquals(first.mentions(), first.phrases().size());
        assertTrue(first.specialRowShare() > 0 && first.specialRowShare() < 1, "BOS and EOS hold part of |A|");
        assertEquals(first.grounding(), first.phrases().stream().filter(PhraseScore::hit).count() / (double) first.mentions());
        for (PhraseScore phrase : first.phrases()) {
            // the phrase's own objects are among the caption's, so a hit is a peak on one of them
            assertTrue(!phrase.hit() || phrase.onObject(), phrase.toString());
            assertTrue(!phrase.focusHit() || phrase.focusOnObject(), phrase.toString());
            assertTrue(phrase.objectChance() > 0 && phrase.objectChance() <= 1, phrase.toString());
        }
        // in each scene the shares of the caption's named objects add up to one over its phrases
        first.phrases().stream().collect(Collectors.groupingBy(PhraseScore::scene,
                        Collectors.summingDouble(PhraseScore::objectChance)))
                .forEach((scene, total) -> assertEquals(1, total, 1e-12, "scene " + scene));
        long phraseWordNegatives = world.scenes(5, 0, 12).mapToLong(scene -> scene.captions().getFirst().negatives()
                .stream().filter(n -> n.swap() == SwapKind.COLOUR || n.swap() == SwapKind.SHAPE || n.swap() == SwapKind.SIZE)
                .count()).sum();
        assertEquals(phraseWordNegatives, first.mismatches().size());
        for (MismatchScore mismatch : first.mismatches()) {
            assertTrue(Double.isFinite(mismatch.trueInBox()) && Double.isFinite(mismatch.swappedInBox()), mismatch.toString());
            assertTrue(!mismatch.trueWord().equals(mismatch.swappedWord()), mismatch.toString());
        }
    }

    @Test
    void scenesSplitOverThreadsScoreAsOneThreadDoes() {
        ClipModel model = ClipModel.load(tinyModel());
        SceneGenerator world = new SceneGenerator(WorldSpec.bound().withImageSize(64));
        // layers 0/0 and the adaptive rule: the longest per-scene work, so that the threads' scenes overlap
        GroundingEvaluator evaluator = new GroundingEvaluator(world, 7, 9,
                ExplainOptions.defaults().withLayers(0, 0), Set.of("red", "square"));
        GroundingReport serial = evaluator.evaluate(model, Parallel.serial(), done -> { });
        try (Parallel two = Parallel.of(2)) {
            assertEquals(serial, evaluator.evaluate(model, two, done -> { }));
        }
    }

    @Test
    void phrasesMapToTheTokensThatOverlapThem() {
        ClipModel model = ClipModel.load(tinyModel());
        Encoding encoding = model.tokenize("a small red circle left of a blue square");
        assertArrayEquals(new int[] {2, 5}, GroundingEvaluator.tokensOf(encoding, 2, 18));
        assertArrayEquals(new int[] {8, 10}, GroundingEvaluator.tokensOf(encoding, 28, 39));
    }
}
