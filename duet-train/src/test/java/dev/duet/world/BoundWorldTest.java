/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.HardNegative;
import dev.duet.data.SwapKind;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exhaustive caption style: first captions that name every object, negatives that bind. */
class BoundWorldTest {

    private static final WorldSpec BOUND = WorldSpec.bound().withImageSize(64);
    private static final int SCENES = 400;
    private static final List<Scene> SAMPLE = new SceneGenerator(BOUND).scenes(5, 0, SCENES).toList();

    @Test
    void firstCaptionNamesEveryObjectOnceWhenEachHasAPhraseOfItsOwn() {
        CaptionGrammar grammar = new CaptionGrammar(BOUND);
        int listed = 0;
        for (Scene scene : SAMPLE) {
            SceneCaption first = scene.captions().getFirst();
            Set<Integer> named = first.mentions().stream().map(Mention::object).collect(Collectors.toSet());
            long spans = first.mentions().stream().map(Mention::span).distinct().count();
            if (named.size() != scene.objects().size() || spans != named.size()) {
                continue;
            }
            listed++;
            assertEquals(scene.objects().size(), first.mentions().size(), first.text());
            CaptionGrammar.Parsed parsed = grammar.parse(first.text());
            if (scene.objects().size() == 3) {
                assertEquals(CaptionGrammar.Form.LISTED, parsed.form(), first.text());
                for (CaptionGrammar.Phrase phrase : List.of(parsed.first(), parsed.second(), parsed.third())) {
                    assertEquals(1, scene.objects().stream().filter(phrase::fits).count(), first.text());
                    assertTrue(phrase.colour() != null, first.text());
                }
            }
        }
        // twins ("two red squares") have no phrase of their own; every other scene is listed
        assertTrue(listed > 0.8 * SCENES, "only " + listed + " of " + SCENES + " scenes listed");
    }

    /**
     * Read as "these objects and no others", a first caption fits few of 200 scenes: a model that
     * ranked the scenes it fits first, in random order, would find its scene at rank 1 this often
     * on average (the ceiling of text-to-image retrieval among 200).
     */
    @Test
    void listedCaptionsPickTheirSceneOutOfMany() {
        CaptionGrammar grammar = new CaptionGrammar(BOUND);
        List<Scene> scenes = SAMPLE.subList(0, 200);
        double expectedTopOne = 0;
        for (Scene scene : scenes) {
            CaptionGrammar.Parsed parsed = grammar.parse(scene.captions().getFirst().text());
            long fitting = scenes.stream().filter(other -> other.objects().size() == scene.objects().size()
                    && !CaptionGrammar.plainlyFalse(parsed, other.objects())).count();
            expectedTopOne += 1.0 / fitting;
        }
        expectedTopOne /= scenes.size();
        assertTrue(expectedTopOne > 0.8, "retrieval ceiling " + expectedTopOne);
    }

    @Test
    void negativesArePlainlyFalseAndMostlyMoveAttributesBetweenObjects() {
        assertTrue(shareBorrowed(BOUND) > 0.9, "bound world: " + shareBorrowed(BOUND));
        assertTrue(shareBorrowed(BOUND.withCaptionStyle(CaptionStyle.SAMPLED)) < 0.5,
                "sampled world: " + shareBorrowed(BOUND.withCaptionStyle(CaptionStyle.SAMPLED)));
    }

    /**
     * Among colour negatives of multi-object scenes whose new colour could have come from
     * another object, the share whose new colour does.
     */
    private static double shareBorrowed(WorldSpec spec) {
        CaptionGrammar grammar = new CaptionGrammar(spec);
        int borrowed = 0;
        int possible = 0;
        for (Scene scene : new SceneGenerator(spec).scenes(5, 0, SCENES).toList()) {
            Set<String> sceneColours = scene.objects().stream().map(o -> o.colour().name()).collect(Collectors.toSet());
            for (SceneCaption caption : scene.captions()) {
                for (HardNegative negative : caption.negatives()) {
                    assertTrue(CaptionGrammar.plainlyFalse(grammar.parse(negative.caption()), scene.objects()),
                            "'" + negative.caption() + "' may be true for scene " + scene.index());
                    if (negative.swap() == SwapKind.COLOUR && sceneColours.size() > 1) {
                        possible++;
                        borrowed += sceneColours.contains(negative.replacement()) ? 1 : 0;
                    }
                }
            }
        }
        return borrowed / (double) possible;
    }
}
