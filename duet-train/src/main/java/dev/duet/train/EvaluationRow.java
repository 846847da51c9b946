/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.eval.GroundingReport;
import dev.duet.eval.HeldOutRetrieval;
import dev.duet.eval.PhraseScore;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.LoggedResult;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One line of {@code evaluation.tsv} ({@link TrainingTables}): the held-out scores of the weights
 * at one step. A data set's evaluation has no new-concept scores: those are NaN (count 0).
 *
 * @param grounding              the pointing game: the share of phrases whose map peaks on their objects
 * @param phrases                the number of scored phrases
 * @param newConceptGrounding    grounding of the phrases that name a new concept, by that word's own map (NaN: none)
 * @param knownConceptGrounding  grounding of the phrases without a new concept's word: what the model knew before
 * @param groupGrounding         each group's grounding (NaN: no phrase of it scored), groups sorted: a world's new
 *                               concepts (by the word's own map), a data set's classes
 */
public record EvaluationRow(long step, double textToImage, double imageToText, double hardNegative, double grounding,
                            double groundingChance, int phrases, double newConceptGrounding, int newConceptPhrases,
                            double knownConceptGrounding, SortedMap<String, Double> groupGrounding) {

    public EvaluationRow {
        groupGrounding = Collections.unmodifiableSortedMap(new TreeMap<>(groupGrounding));
    }

    /** The row of a world's evaluation at {@code step}, {@code newConcepts} scored apart. */
    public static EvaluationRow of(long step, GroundingReport report, Collection<String> newConcepts) {
        SortedMap<String, Double> perConcept = new TreeMap<>();
        for (String word : newConcepts) {
            perConcept.put(word, hitShare(report.phrases(), score -> word.equals(score.focusWord()), PhraseScore::focusHit));
        }
        return new EvaluationRow(step, report.textToImage(), report.imageToText(), report.hardNegative(),
                report.grounding(), report.groundingChance(), report.mentions(), report.focusGrounding(),
                report.focusMentions(), hitShare(report.phrases(), score -> score.focusWord() == null, PhraseScore::hit),
                perConcept);
    }

    /**
     * The row of a data set's evaluation at {@code step}: its retrieval, and by the grounding
     * harness the pointing game of the map named {@code source}, overall and for each of {@code classes}.
     */
    public static EvaluationRow of(long step, HeldOutRetrieval retrieval, GroundingRun.Outcome outcome, String source,
                                   Collection<String> classes) {
        List<LoggedResult.Phrase> phrases = outcome.results().stream()
                .filter(LoggedResult.Phrase.class::isInstance).map(LoggedResult.Phrase.class::cast).toList();
        Predicate<LoggedResult.Phrase> hit = phrase -> phrase.scores().get(source).hit();
        SortedMap<String, Double> perClass = new TreeMap<>();
        for (String label : classes) {
            perClass.put(label, hitShare(phrases, phrase -> phrase.label().equals(label), hit));
        }
        double chance = phrases.stream().mapToDouble(LoggedResult.Phrase::chance).average().orElse(Double.NaN);
        return new EvaluationRow(step, retrieval.textToImage(), retrieval.imageToText(), retrieval.hardNegative(),
                hitShare(phrases, phrase -> true, hit), chance,
                phrases.size(), Double.NaN, 0, Double.NaN, perClass);
    }

    /** The share of the selected items that hit; NaN when none is selected. */
    private static <T> double hitShare(List<T> items, Predicate<T> selected, Predicate<T> hit) {
        List<T> chosen = items.stream().filter(selected).toList();
        return chosen.isEmpty() ? Double.NaN : chosen.stream().filter(hit).count() / (double) chosen.size();
    }
}
