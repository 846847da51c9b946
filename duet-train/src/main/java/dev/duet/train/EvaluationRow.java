package dev.duet.train;

import dev.duet.eval.GroundingReport;
import dev.duet.eval.PhraseScore;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One line of {@code evaluation.tsv} ({@link TrainingTables}): the held-out scores of the weights
 * at one step.
 *
 * @param phrases                the number of scored phrases
 * @param newConceptGrounding    grounding of the phrases that name a new concept, by that word's own map (NaN: none)
 * @param knownConceptGrounding  grounding of the phrases without a new concept's word: what the model knew before
 * @param conceptGrounding       each new concept's word (sorted) -> grounding of its phrases by its own map (NaN: none)
 */
public record EvaluationRow(long step, double textToImage, double imageToText, double hardNegative, double grounding,
                            double groundingChance, int phrases, double newConceptGrounding, int newConceptPhrases,
                            double knownConceptGrounding, SortedMap<String, Double> conceptGrounding) {

    public EvaluationRow {
        conceptGrounding = Collections.unmodifiableSortedMap(new TreeMap<>(conceptGrounding));
    }

    /** The row of an evaluation at {@code step}, {@code newConcepts} scored apart. */
    public static EvaluationRow of(long step, GroundingReport report, Collection<String> newConcepts) {
        SortedMap<String, Double> perConcept = new TreeMap<>();
        for (String word : newConcepts) {
            perConcept.put(word, hitShare(report, score -> word.equals(score.focusWord()), PhraseScore::focusHit));
        }
        return new EvaluationRow(step, report.textToImage(), report.imageToText(), report.hardNegative(),
                report.grounding(), report.groundingChance(), report.mentions(), report.focusGrounding(),
                report.focusMentions(), hitShare(report, score -> score.focusWord() == null, PhraseScore::hit), perConcept);
    }

    /** The share of the selected phrases that hit; NaN when none is selected. */
    private static double hitShare(GroundingReport report, Predicate<PhraseScore> selected, Predicate<PhraseScore> hit) {
        List<PhraseScore> chosen = report.phrases().stream().filter(selected).toList();
        return chosen.isEmpty() ? Double.NaN : chosen.stream().filter(hit).count() / (double) chosen.size();
    }
}
