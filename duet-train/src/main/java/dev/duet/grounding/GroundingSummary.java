/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.data.GroundingDataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The summary of a run: for each method, the pointing game (share of hits) and the mass in box,
 * each as {@code {mean, low, high, n}} with a bootstrap 95 % interval ({@link Bootstrap}, the
 * run's seed), overall, {@code per_class} and {@code per_size}; the chance level the same way;
 * for Duet the hard-negative contrasts (share of negatives whose changed phrase interacts less
 * with the box than the positive's phrase, and both interactions). Computed from the results in
 * data-set order, so a resumed run gives the same summary.
 */
public final class GroundingSummary {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root;
    private final String markdown;

    private GroundingSummary(ObjectNode root, String markdown) {
        this.root = root;
        this.markdown = markdown;
    }

    public static GroundingSummary of(GroundingDataset dataset, ObjectNode arguments, List<MapSource> sources,
                                      GroundingRun.Outcome outcome, int skipped, List<String> firstSkipReasons, long seed) {
        List<LoggedResult.Phrase> phrases = new ArrayList<>();
        List<LoggedResult.Contrast> contrasts = new ArrayList<>();
        for (LoggedResult result : outcome.results()) {
            switch (result) {
                case LoggedResult.Phrase phrase -> phrases.add(phrase);
                case LoggedResult.Contrast contrast -> contrasts.add(contrast);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("dataset", dataset.kind().cliName());
        root.set("arguments", arguments);
        root.put("images", dataset.images().size());
        root.put("phrases", phrases.size());
        root.put("not_visible", outcome.notVisible());
        ObjectNode skippedNode = root.putObject("skipped_records");
        skippedNode.put("count", skipped);
        firstSkipReasons.forEach(skippedNode.putArray("first_reasons")::add);
        root.putObject("bootstrap").put("resamples", Bootstrap.RESAMPLES).put("seed", seed).put("level", 0.95);
        root.set("chance", interval(phrases, LoggedResult.Phrase::chance, seed));
        ObjectNode methodsNode = root.putObject("methods");
        StringBuilder md = new StringBuilder();
        md.append("# Grounding on ").append(dataset.kind().cliName()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d images, %d phrases scored, %d not visible in the crop, %d records skipped. "
                        + "Bootstrap 95 %% intervals (%d resamples, seed %d). Chance (the boxes' share of the patches): %s.%n%n",
                dataset.images().size(), phrases.size(), outcome.notVisible(), skipped, Bootstrap.RESAMPLES, seed,
                cell(interval(phrases, LoggedResult.Phrase::chance, seed))));
        md.append("| method | pointing game | mass in box |\n|---|---|---|\n");
        Map<String, List<LoggedResult.Phrase>> byClass = group(phrases, LoggedResult.Phrase::label);
        Map<String, List<LoggedResult.Phrase>> bySize = group(phrases, p -> p.size().jsonName());
        // the contrasts are scored with the first of Duet's maps only
        String contrastSource = sources.stream().filter(source -> source.method() == MapMethod.DUET).map(MapSource::name)
                .findFirst().orElse(null);
        for (MapSource source : sources) {
            String method = source.name();
            ObjectNode node = methodsNode.putObject(method);
            scores(node, phrases, method, seed);
            md.append("| ").append(method).append(" | ").append(cell((ObjectNode) node.get("pointing_game")))
                    .append(" | ").append(cell((ObjectNode) node.get("mass_in_box"))).append(" |\n");
            ObjectNode perClass = node.putObject("per_class");
            byClass.forEach((label, members) -> scores(perClass.putObject(label), members, method, seed));
            ObjectNode perSize = node.putObject("per_size");
            bySize.forEach((size, members) -> scores(perSize.putObject(size), members, method, seed));
            if (method.equals(contrastSource) && !contrasts.isEmpty()) {
                contrast(node.putObject("contrast"), contrasts, seed);
            }
        }
        md.append("\n## Per class: pointing game (chance)\n\n| class | n | chance |");
        sources.forEach(source -> md.append(' ').append(source.name()).append(" |"));
        md.append("\n|---|---|---|").append("---|".repeat(sources.size())).append('\n');
        byClass.forEach((label, members) -> {
            md.append("| ").append(label).append(" | ").append(members.size()).append(" | ")
                    .append(cell(interval(members, LoggedResult.Phrase::chance, seed))).append(" |");
            sources.forEach(source -> md.append(' ')
                    .append(cell(interval(members, p -> p.scores().get(source.name()).hit() ? 1 : 0, seed))).append(" |"));
            md.append('\n');
        });
        if (contrastSource != null && !contrasts.isEmpty()) {
            ObjectNode contrastNode = (ObjectNode) methodsNode.get(contrastSource).get("contrast");
            md.append("\n## Hard negatives (" + contrastSource + ")\n\nShare of negatives whose changed phrase interacts less with the box "
                    + "than the positive's phrase: ").append(cell((ObjectNode) contrastNode.get("negative_below_positive")))
                    .append(".\n");
        }
        return new GroundingSummary(root, md.toString());
    }

    private static void scores(ObjectNode node, List<LoggedResult.Phrase> phrases, String method, long seed) {
        node.set("pointing_game", interval(phrases, p -> p.scores().get(method).hit() ? 1 : 0, seed));
        node.set("mass_in_box", interval(phrases, p -> p.scores().get(method).mass(), seed));
        node.set("chance", interval(phrases, LoggedResult.Phrase::chance, seed));
    }

    private static void contrast(ObjectNode node, List<LoggedResult.Contrast> contrasts, long seed) {
        node.set("negative_below_positive", interval(contrasts, c -> c.negativeBelow() ? 1 : 0, seed));
        node.set("positive_in_box", interval(contrasts, LoggedResult.Contrast::positive, seed));
        node.set("negative_in_box", interval(contrasts, LoggedResult.Contrast::negative, seed));
        ObjectNode perClass = node.putObject("per_class");
        group(contrasts, LoggedResult.Contrast::label).forEach((label, members) ->
                perClass.putObject(label).set("negative_below_positive",
                        interval(members, c -> c.negativeBelow() ? 1 : 0, seed)));
    }

    private static <T> ObjectNode interval(List<T> items, ToDoubleFunction<T> value, long seed) {
        double[] values = items.stream().mapToDouble(value).toArray();
        Interval interval = Bootstrap.interval(values, seed);
        ObjectNode node = JSON.createObjectNode();
        if (interval.n() == 0) {
            node.putNull("mean").putNull("low").putNull("high");
        } else {
            node.put("mean", interval.mean()).put("low", interval.low()).put("high", interval.high());
        }
        return node.put("n", interval.n());
    }

    private static <T> Map<String, List<T>> group(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, List<T>> groups = new TreeMap<>();
        for (T item : items) {
            groups.computeIfAbsent(key.apply(item), k -> new ArrayList<>()).add(item);
        }
        return groups;
    }

    private static String cell(ObjectNode interval) {
        if (interval.get("n").intValue() == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", interval.get("mean").doubleValue(),
                interval.get("low").doubleValue(), interval.get("high").doubleValue());
    }

    public String json() {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a summary tree always serialises", e);
        }
    }

    public String markdown() {
        return markdown;
    }
}
