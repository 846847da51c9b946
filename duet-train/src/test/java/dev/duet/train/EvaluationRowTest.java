/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.eval.GroundingReport;
import dev.duet.eval.HeldOutRetrieval;
import dev.duet.eval.PhraseScore;
import dev.duet.grounding.BoxSize;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.LoggedResult;
import dev.duet.world.NamedColour;
import dev.duet.world.ObjectSize;
import dev.duet.world.ShapeKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows of {@code evaluation.tsv} from hand-made results whose per-group scores are known. */
class EvaluationRowTest {

    private static LoggedResult.Phrase phrase(String key, String label, double chance, boolean hit, double mass) {
        return new LoggedResult.Phrase(key, label, BoxSize.SMALL, chance, new TreeMap<>(Map.of(
                "duet", new LoggedResult.Score(hit, mass), "centre", new LoggedResult.Score(!hit, 1 - mass))));
    }

    @Test
    void aDataSetRowHoldsEachClassPointingGameMassInBoxAndChanceOfTheNamedMap() {
        GroundingRun.Outcome outcome = new GroundingRun.Outcome(List.of(
                phrase("1/1/p0", "dog", 0.25, true, 0.6),
                phrase("1/1/p1", "cat", 0.125, false, 0.1),
                new LoggedResult.Contrast("1/1/c0", "dog", 0.5, -0.5),
                phrase("2/1/p0", "dog", 0.5, false, 0.2),
                phrase("2/1/p1", "dog", 0.0625, true, 0.7)), 0);
        EvaluationRow row = EvaluationRow.of(3, new HeldOutRetrieval(0.5, 0.25, Double.NaN), outcome, "duet",
                Set.of("cat", "dog", "person"), 2.0);
        assertEquals(4, row.phrases(), "the contrast is no phrase");
        assertEquals(2.0, row.phrasesPerSecond(), "4 phrases in 2 s");
        assertEquals(0.5, row.grounding());
        assertEquals((0.25 + 0.125 + 0.5 + 0.0625) / 4, row.groundingChance(), 1e-15);
        EvaluationRow.Group dog = row.groups().get("dog");
        assertEquals(2 / 3.0, dog.grounding(), 1e-15);
        assertEquals((0.6 + 0.2 + 0.7) / 3, dog.massInBox(), 1e-15, "Duet's map, not the centre prior's");
        assertEquals((0.25 + 0.5 + 0.0625) / 3, dog.chance(), 1e-15);
        assertEquals(new EvaluationRow.Group(0, 0.1, 0.125), row.groups().get("cat"));
        EvaluationRow.Group person = row.groups().get("person");
        assertTrue(Double.isNaN(person.grounding()) && Double.isNaN(person.massInBox()) && Double.isNaN(person.chance()),
                "no phrase of it: " + person);
    }

    @Test
    void aWorldRowScoresEachNewConceptByItsOwnWordsMapAndHasNoMeasuredSpeed() {
        List<PhraseScore> phrases = List.of(
                score("small cyan star", 0.8, 0.2, "cyan", true, 0.9),
                score("cyan circle", 0.1, 0.1, "cyan", false, 0.3),
                score("red square", 0.5, 0.05, null, false, Double.NaN));
        GroundingReport report = new GroundingReport(2, 1, 1, 1, 3, 1 / 3.0, 0.35 / 3, 2, 0.5, phrases, List.of(), 0.1);
        EvaluationRow row = EvaluationRow.of(0, report, Set.of("cyan", "diamond"));
        EvaluationRow.Group cyan = row.groups().get("cyan");
        assertEquals(0.5, cyan.grounding(), "the focus word's own map's hits");
        assertEquals((0.9 + 0.3) / 2, cyan.massInBox(), 1e-15, "the focus word's own map's mass, not the phrase's");
        assertEquals((0.2 + 0.1) / 2, cyan.chance(), 1e-15, "the phrases' boxes' share of the patches");
        assertTrue(Double.isNaN(row.groups().get("diamond").grounding()), "no phrase names a diamond");
        assertTrue(Double.isNaN(row.phrasesPerSecond()));
        assertEquals(1.0, row.knownConceptGrounding(), "the one phrase without a new concept hits");
    }

    private static PhraseScore score(String text, double mass, double coverage, String focusWord, boolean focusHit,
                                     double focusMass) {
        boolean hit = focusWord == null;
        return new PhraseScore(0, text, ShapeKind.STAR, NamedColour.RED, ObjectSize.SMALL, 2, hit, mass, coverage, false,
                0.2, 0.0, focusWord, focusHit, focusMass, hit, focusHit, 0.5);
    }
}
