/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import dev.duet.grounding.Bootstrap;
import dev.duet.grounding.Interval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A {@link GroundingReport} as Markdown tables: grounding of Duet's maps beside the centre prior
 * and a random map, overall and per class (shape, colour, size, objects in the scene), and the
 * hard negatives' swapped words against the words they replaced. Means carry 95 % bootstrap
 * intervals ({@link Bootstrap}); a random map's figures are its expectation (the coverage).
 */
public final class GroundingTables {

    private static final long BOOTSTRAP_SEED = 20_240_826L;

    private GroundingTables() {
    }

    /** Where both towers were cut: the input of text block {@code text} and of image block {@code image}. */
    public record Layers(int text, int image) {
    }

    /** The pointing game and the mass in box of Duet's maps, text layers as rows, image layers as columns. */
    public static String layerGrid(Map<Layers, GroundingReport> reports, String title) {
        int textLayers = reports.keySet().stream().mapToInt(Layers::text).max().orElseThrow() + 1;
        int imageLayers = reports.keySet().stream().mapToInt(Layers::image).max().orElseThrow() + 1;
        StringBuilder out = new StringBuilder("## ").append(title).append("\n\n");
        for (String measure : List.of("pointing game", "mass in box", "phrase's map summed over its box",
                "share of \\|A\\| in BOS and EOS rows")) {
            out.append("| ").append(measure).append(": text layer \\ image layer |");
            for (int image = 0; image < imageLayers; image++) {
                out.append(' ').append(image).append(" |");
            }
            out.append("\n|---|").append("---|".repeat(imageLayers)).append('\n');
            for (int text = 0; text < textLayers; text++) {
                out.append("| ").append(text).append(" |");
                for (int image = 0; image < imageLayers; image++) {
                    GroundingReport report = reports.get(new Layers(text, image));
                    String value = report == null ? "" : switch (measure) {
                        case "pointing game" -> cell(report.phrases(), s -> s.hit() ? 1 : 0);
                        case "mass in box" -> cell(report.phrases(), PhraseScore::massInBox);
                        case "phrase's map summed over its box" -> cell(report.phrases(), PhraseScore::interactionInBox);
                        default -> String.format(Locale.ROOT, "%.3f", report.specialRowShare());
                    };
                    out.append(' ').append(value).append(" |");
                }
                out.append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    public static String markdown(GroundingReport report, String title) {
        StringBuilder out = new StringBuilder();
        out.append("## ").append(title).append("\n\n");
        out.append(String.format(Locale.ROOT, "%d scenes, %d phrases; retrieval among %d: text->image %.3f, image->text %.3f; "
                        + "hard negatives %.3f%n%n", report.scenes(), report.phrases().size(), report.scenes(),
                report.textToImage(), report.imageToText(), report.hardNegative()));
        List<PhraseScore> phrases = report.phrases();
        out.append(String.format(Locale.ROOT, "A phrase's map summed over its own box: %s (in units of the similarity); "
                        + "negative for a share of %s of the phrases.%n%n", cell(phrases, PhraseScore::interactionInBox),
                cell(phrases, s -> s.interactionInBox() < 0 ? 1 : 0)));
        out.append("| map | pointing game | mass in box |\n|---|---|---|\n");
        out.append("| Duet | ").append(cell(phrases, s -> s.hit() ? 1 : 0)).append(" | ")
                .append(cell(phrases, PhraseScore::massInBox)).append(" |\n");
        out.append("| centre prior | ").append(cell(phrases, s -> s.centreHit() ? 1 : 0)).append(" | ")
                .append(cell(phrases, PhraseScore::centreMass)).append(" |\n");
        out.append("| random map (expected) | ").append(cell(phrases, PhraseScore::coverage)).append(" | ")
                .append(cell(phrases, PhraseScore::coverage)).append(" |\n\n");
        whichObject(out, phrases);
        focusWords(out, phrases);
        perClass(out, "shape", phrases, s -> s.shape().noun());
        perClass(out, "colour", phrases, s -> s.colour().name());
        perClass(out, "size", phrases, s -> s.size().word());
        perClass(out, "objects in the scene", phrases, s -> Integer.toString(s.objectsInScene()));
        mismatches(out, report.mismatches());
        return out.toString();
    }

    /**
     * Whether a map that peaks on an object peaks on the right one: a map drawn to whatever objects
     * the image holds, but not to the named one, lands on some object and hits only as often as a
     * random pick among the caption's objects would. For the phrase's map and, when the evaluator
     * has focus words, for their own maps.
     */
    private static void whichObject(StringBuilder out, List<PhraseScore> phrases) {
        out.append("| map | peaks on one of the caption's objects | on the phrase's own (pointing game) "
                + "| own among those on an object | a random one of the caption's objects (expected) |\n")
                .append("|---|---|---|---|---|\n");
        out.append("| Duet, the phrase | ").append(cell(phrases, s -> s.onObject() ? 1 : 0)).append(" | ")
                .append(cell(phrases, s -> s.hit() ? 1 : 0)).append(" | ")
                .append(cell(phrases.stream().filter(PhraseScore::onObject).toList(), s -> s.hit() ? 1 : 0)).append(" | ")
                .append(cell(phrases, PhraseScore::objectChance)).append(" |\n");
        List<PhraseScore> focus = phrases.stream().filter(s -> s.focusWord() != null).toList();
        if (!focus.isEmpty()) {
            out.append("| Duet, the focus word alone (").append(focus.size()).append(") | ")
                    .append(cell(focus, s -> s.focusOnObject() ? 1 : 0)).append(" | ")
                    .append(cell(focus, s -> s.focusHit() ? 1 : 0)).append(" | ")
                    .append(cell(focus.stream().filter(PhraseScore::focusOnObject).toList(), s -> s.focusHit() ? 1 : 0))
                    .append(" | ").append(cell(focus, PhraseScore::objectChance)).append(" |\n");
        }
        out.append('\n');
    }

    /**
     * Each focus word's own map (a new concept's word, "cyan" of "a small cyan star") beside the map
     * of the phrase that holds it, whose familiar words may carry it: one row per word, and a last
     * row for the phrases that hold none.
     */
    private static void focusWords(StringBuilder out, List<PhraseScore> phrases) {
        Map<String, List<PhraseScore>> groups = new TreeMap<>();
        for (PhraseScore score : phrases) {
            if (score.focusWord() != null) {
                groups.computeIfAbsent(score.focusWord(), key -> new ArrayList<>()).add(score);
            }
        }
        if (groups.isEmpty()) {
            return;
        }
        out.append("| focus word | phrases | its own map: pointing game | its own map: mass in box "
                        + "| the phrase's map: pointing game | random map |\n")
                .append("|---|---|---|---|---|---|\n");
        groups.forEach((word, group) -> out.append("| ").append(word).append(" | ").append(group.size()).append(" | ")
                .append(cell(group, s -> s.focusHit() ? 1 : 0)).append(" | ")
                .append(cell(group, PhraseScore::focusMassInBox)).append(" | ")
                .append(cell(group, s -> s.hit() ? 1 : 0)).append(" | ")
                .append(expected(group))
                .append(" |\n"));
        // the known concepts: a new word's fine-tuning must not cost them their grounding
        List<PhraseScore> rest = phrases.stream().filter(s -> s.focusWord() == null).toList();
        if (!rest.isEmpty()) {
            out.append("| phrases without one | ").append(rest.size()).append(" | | | ")
                    .append(cell(rest, s -> s.hit() ? 1 : 0)).append(" | ")
                    .append(expected(rest))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private static void perClass(StringBuilder out, String what, List<PhraseScore> phrases,
                                 Function<PhraseScore, String> classOf) {
        Map<String, List<PhraseScore>> groups = new TreeMap<>();
        for (PhraseScore score : phrases) {
            groups.computeIfAbsent(classOf.apply(score), key -> new ArrayList<>()).add(score);
        }
        out.append("| ").append(what).append(" | phrases | Duet pointing game | Duet mass in box | random map |\n")
                .append("|---|---|---|---|---|\n");
        List<Map.Entry<String, Interval>> pointing = new ArrayList<>();
        groups.forEach((name, group) -> {
            Interval hits = interval(values(group, s -> s.hit() ? 1 : 0));
            pointing.add(Map.entry(name, hits));
            out.append("| ").append(name).append(" | ").append(group.size()).append(" | ").append(format(hits))
                    .append(" | ").append(cell(group, PhraseScore::massInBox)).append(" | ")
                    .append(expected(group))
                    .append(" |\n");
        });
        pointing.sort(Comparator.comparingDouble(entry -> entry.getValue().mean()));
        if (pointing.size() > 1) {
            Map.Entry<String, Interval> worst = pointing.getFirst();
            Map.Entry<String, Interval> best = pointing.getLast();
            out.append(String.format(Locale.ROOT, "%nSpread of the pointing game by %s: %.3f (best %s %.3f, worst %s %.3f).%n",
                    what, best.getValue().mean() - worst.getValue().mean(), best.getKey(), best.getValue().mean(),
                    worst.getKey(), worst.getValue().mean()));
        }
        out.append('\n');
    }

    private static void mismatches(StringBuilder out, List<MismatchScore> mismatches) {
        out.append("| swapped word | negatives | true word in box | swapped word in box | swapped < true | swapped < 0 |\n")
                .append("|---|---|---|---|---|---|\n");
        Map<String, List<MismatchScore>> groups = new TreeMap<>();
        for (MismatchScore score : mismatches) {
            groups.computeIfAbsent(score.kind().jsonName(), key -> new ArrayList<>()).add(score);
            groups.computeIfAbsent("all", key -> new ArrayList<>()).add(score);
        }
        groups.forEach((kind, group) -> out.append("| ").append(kind).append(" | ").append(group.size()).append(" | ")
                .append(cellOf(group, MismatchScore::trueInBox)).append(" | ")
                .append(cellOf(group, MismatchScore::swappedInBox)).append(" | ")
                .append(cellOf(group, s -> s.swappedInBox() < s.trueInBox() ? 1 : 0)).append(" | ")
                .append(cellOf(group, s -> s.swappedInBox() < 0 ? 1 : 0)).append(" |\n"));
        out.append('\n');
    }

    /** A random map's pointing game and mass in box, the mean coverage of the phrases' boxes (no interval: an expectation). */
    private static String expected(List<PhraseScore> group) {
        double sum = 0;
        for (PhraseScore score : group) {
            sum += score.coverage();
        }
        return String.format(Locale.ROOT, "%.3f", sum / group.size());
    }

    /** The mean of the values with its bootstrap interval ({@link Bootstrap}, one fixed seed). */
    private static Interval interval(double[] values) {
        return Bootstrap.interval(values, BOOTSTRAP_SEED);
    }

    private static double[] values(List<PhraseScore> group, ToDoubleFunction<PhraseScore> value) {
        return group.stream().mapToDouble(value).toArray();
    }

    private static String cell(List<PhraseScore> group, ToDoubleFunction<PhraseScore> value) {
        return format(interval(values(group, value)));
    }

    private static String cellOf(List<MismatchScore> group, ToDoubleFunction<MismatchScore> value) {
        return format(interval(group.stream().mapToDouble(value).toArray()));
    }

    private static String format(Interval interval) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", interval.mean(), interval.low(), interval.high());
    }
}
