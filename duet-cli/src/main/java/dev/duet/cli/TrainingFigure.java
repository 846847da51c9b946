/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.report.Chart;
import dev.duet.report.GroundingCharts;
import dev.duet.report.TrainingCurves;
import dev.duet.train.EvaluationRow;
import dev.duet.train.TrainingLogRow;
import dev.duet.train.TrainingRun;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The curves of a training run, drawn from its log and evaluation rows: loss and held-out scores
 * ({@link #CURVES}) and, for a data set, each class's pointing game and mass in box against step beside
 * its chance level ({@link #PER_CLASS}). The names are without extension: {@code --chart-format} adds
 * {@code .png}, {@code .svg} or both.
 */
final class TrainingFigure {

    static final String CURVES = "training-curves";
    static final String PER_CLASS = "grounding-per-class";

    /** Okabe-Ito colours (told apart by colour-blind readers) and greys. */
    private static final Color RETRIEVAL = new Color(0, 114, 178);
    /** Mass in box shares retrieval's blue: the per-class picture has no retrieval. */
    private static final Color MASS_IN_BOX = RETRIEVAL;
    private static final Color GROUNDING = new Color(213, 94, 0);
    private static final Color CHANCE = new Color(120, 120, 120);
    private static final Color NEW_CONCEPTS = new Color(0, 158, 115);
    private static final Color KNOWN_CONCEPTS = new Color(204, 121, 167);
    private static final Color[] CONCEPTS = {new Color(86, 180, 233), new Color(230, 159, 0), new Color(240, 228, 66)};
    private static final Color LOSS = new Color(80, 80, 80);

    private TrainingFigure() {
    }

    /** Loss against step on the left; held-out scores, and with new concepts each one's own grounding, on the right. */
    static Chart of(String title, TrainingRun.Result run, Set<String> newConcepts) {
        List<EvaluationRow> rows = run.evaluations();
        List<TrainingCurves.Series> scores = new ArrayList<>(List.of(
                evaluated("retrieval text->image", RETRIEVAL, false, rows, EvaluationRow::textToImage),
                evaluated("grounding", GROUNDING, false, rows, EvaluationRow::grounding),
                evaluated("grounding chance", CHANCE, true, rows, EvaluationRow::groundingChance)));
        if (!newConcepts.isEmpty()) {
            scores.add(evaluated("grounding of new concepts (" + String.join(", ", newConcepts.stream().sorted().toList())
                    + ")", NEW_CONCEPTS, false, rows, EvaluationRow::newConceptGrounding));
            scores.add(evaluated("grounding of phrases without a new concept", KNOWN_CONCEPTS, false, rows,
                    EvaluationRow::knownConceptGrounding));
            List<String> concepts = newConcepts.stream().sorted().toList();
            for (int c = 0; c < concepts.size(); c++) {
                String word = concepts.get(c);
                scores.add(evaluated("\"" + word + "\" (its own word's map)", CONCEPTS[c % CONCEPTS.length], false, rows,
                        row -> row.groups().get(word).grounding()));
            }
        }
        List<TrainingLogRow> log = run.log();
        TrainingCurves.Series loss = new TrainingCurves.Series("loss", LOSS, false,
                log.stream().mapToDouble(TrainingLogRow::step).toArray(), log.stream().mapToDouble(TrainingLogRow::loss).toArray());
        return TrainingCurves.render(title, loss, scores);
    }

    /** One panel per class ({@link #perClassPanels}). */
    static Chart perClass(String title, TrainingRun.Result run, Set<String> classes) {
        List<EvaluationRow> rows = run.evaluations();
        return GroundingCharts.curves("Held-out grounding per class: " + title, "share",
                rows.stream().mapToDouble(EvaluationRow::step).toArray(), perClassPanels(rows, classes));
    }

    /**
     * One panel per class, sorted: its pointing game and mass in box on the held-out phrases against
     * step, and its own chance level of both (its boxes' mean share of the patches) dashed and, as
     * of the last evaluation, in the panel's title.
     */
    static List<GroundingCharts.Panel> perClassPanels(List<EvaluationRow> rows, Set<String> classes) {
        List<GroundingCharts.Panel> panels = new ArrayList<>();
        for (String label : classes.stream().sorted().toList()) {
            double chance = rows.isEmpty() ? Double.NaN : rows.getLast().groups().get(label).chance();
            panels.add(new GroundingCharts.Panel(String.format(Locale.ROOT, "%s (chance %.3f)", label, chance), List.of(
                    new GroundingCharts.Curve("pointing game", GROUNDING, false,
                            groupValues(rows, label, EvaluationRow.Group::grounding)),
                    new GroundingCharts.Curve("mass in box", MASS_IN_BOX, false,
                            groupValues(rows, label, EvaluationRow.Group::massInBox)),
                    new GroundingCharts.Curve("chance (this class's boxes)", CHANCE, true,
                            groupValues(rows, label, EvaluationRow.Group::chance)))));
        }
        return panels;
    }

    private static double[] groupValues(List<EvaluationRow> rows, String label,
                                        ToDoubleFunction<EvaluationRow.Group> value) {
        return rows.stream().mapToDouble(row -> value.applyAsDouble(row.groups().get(label))).toArray();
    }

    private static TrainingCurves.Series evaluated(String label, Color colour, boolean dashed, List<EvaluationRow> rows,
                                                   ToDoubleFunction<EvaluationRow> value) {
        return new TrainingCurves.Series(label, colour, dashed, rows.stream().mapToDouble(EvaluationRow::step).toArray(),
                rows.stream().mapToDouble(value).toArray());
    }
}
