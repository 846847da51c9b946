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
import java.util.function.ToDoubleFunction;

/**
 * One line of {@code evaluation.tsv} ({@link TrainingTables}): the held-out scores of the weights
 * at one step. A data set's evaluation has no new-concept scores: those are NaN (count 0); a
 * world's evaluation does not time its grounding apart: its phrases per second are NaN.
 *
 * @param grounding              the pointing game: the share of phrases whose map peaks on their objects
 * @param phrases                the number of scored phrases
 * @param newConceptGrounding    grounding of the phrases that name a new concept, by that word's own map (NaN: none)
 * @param knownConceptGrounding  grounding of the phrases without a new concept's word: what the model knew before
 * @param phrasesPerSecond       a data set's scored phrases over the wall time of the grounding harness's pass over
 *                               the held-out part (HNC's hard negatives scored in it too): measured, so the one
 *                               column a rerun does not repeat
 * @param groups                 each group's scores, groups sorted: a world's new concepts (by the word's own map),
 *                               a data set's classes
 */
public record EvaluationRow(long step, double textToImage, double imageToText, double hardNegative, double grounding,
                            double groundingChance, int phrases, double newConceptGrounding, int newConceptPhrases,
                            double knownConceptGrounding, double phrasesPerSecond, SortedMap<String, Group> groups) {

    /**
     * One group's phrases (all NaN when none was scored).
     *
     * @param grounding the pointing game: the share whose map peaks on a patch of their boxes
     * @param massInBox the mean share of a map's positive mass on the patches of its boxes
     * @param chance    the chance level of both: the mean share of the grid's patches that the boxes hold
     *                  ({@link dev.duet.grounding.GroundingMetrics#chance}), what a random peak or a flat map scores
     */
    public record Group(double grounding, double massInBox, double chance) {

        static final Group NONE = new Group(Double.NaN, Double.NaN, Double.NaN);
    }

    public EvaluationRow {
        groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
    }

    /** The row of a world's evaluation at {@code step}, {@code newConcepts} scored apart by their own words' maps. */
    public static EvaluationRow of(long step, GroundingReport report, Collection<String> newConcepts) {
        SortedMap<String, Group> perConcept = new TreeMap<>();
        for (String word : newConcepts) {
            List<PhraseScore> named = report.phrases().stream().filter(score -> word.equals(score.focusWord())).toList();
            perConcept.put(word, group(named, PhraseScore::focusHit, PhraseScore::focusMassInBox, PhraseScore::coverage));
        }
        return new EvaluationRow(step, report.textToImage(), report.imageToText(), report.hardNegative(),
                report.grounding(), report.groundingChance(), report.mentions(), report.focusGrounding(),
                report.focusMentions(), hitShare(report.phrases().stream().filter(score -> score.focusWord() == null)
                .toList(), PhraseScore::hit), Double.NaN, perConcept);
    }

    /**
     * The row of a data set's evaluation at {@code step}: its retrieval, and by the grounding
     * harness the pointing game and mass in box of the map named {@code source}, overall and for
     * each of {@code classes}; {@code seconds} is the wall time of the harness's pass.
     */
    public static EvaluationRow of(long step, HeldOutRetrieval retrieval, GroundingRun.Outcome outcome, String source,
                                   Collection<String> classes, double seconds) {
        List<LoggedResult.Phrase> phrases = outcome.results().stream()
                .filter(LoggedResult.Phrase.class::isInstance).map(LoggedResult.Phrase.class::cast).toList();
        Predicate<LoggedResult.Phrase> hit = phrase -> phrase.scores().get(source).hit();
        ToDoubleFunction<LoggedResult.Phrase> mass = phrase -> phrase.scores().get(source).mass();
        SortedMap<String, Group> perClass = new TreeMap<>();
        for (String label : classes) {
            perClass.put(label, group(phrases.stream().filter(phrase -> phrase.label().equals(label)).toList(), hit, mass,
                    LoggedResult.Phrase::chance));
        }
        double chance = phrases.stream().mapToDouble(LoggedResult.Phrase::chance).average().orElse(Double.NaN);
        return new EvaluationRow(step, retrieval.textToImage(), retrieval.imageToText(), retrieval.hardNegative(),
                hitShare(phrases, hit), chance, phrases.size(), Double.NaN, 0, Double.NaN, phrases.size() / seconds,
                perClass);
    }

    private static <T> Group group(List<T> phrases, Predicate<T> hit, ToDoubleFunction<T> mass,
                                   ToDoubleFunction<T> chance) {
        if (phrases.isEmpty()) {
            return Group.NONE;
        }
        return new Group(hitShare(phrases, hit), phrases.stream().mapToDouble(mass).average().orElseThrow(),
                phrases.stream().mapToDouble(chance).average().orElseThrow());
    }

    /** The share of the items that hit; NaN when there are none. */
    private static <T> double hitShare(List<T> items, Predicate<T> hit) {
        return items.isEmpty() ? Double.NaN : items.stream().filter(hit).count() / (double) items.size();
    }
}
