/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.LoggedResult;
import dev.duet.grounding.MapSource;
import dev.duet.report.ChartFormat;
import dev.duet.report.GroundingCharts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of {@code ./duet eval}, drawn from its summary (contract fields only) and its
 * results: per class, the pointing game and the mass in box of every method with their
 * intervals; every method overall; the distribution of the mass in box per method. The names are
 * without extension: {@code --chart-format} adds {@code .png}, {@code .svg} or both.
 */
final class EvalCharts {

    static final String PER_CLASS_POINTING = "pointing-per-class";
    static final String PER_CLASS_MASS = "mass-per-class";
    static final String METHODS = "methods";
    static final String MASS_DISTRIBUTION = "mass-distribution";

    private EvalCharts() {
    }

    static void write(Path out, JsonNode summary, List<MapSource> sources, GroundingRun.Outcome outcome, ChartFormat format) {
        JsonNode methodsNode = summary.path("methods");
        List<String> classes = new ArrayList<>();
        methodsNode.elements().next().path("per_class").fieldNames().forEachRemaining(classes::add);
        GroundingCharts.intervals("Pointing game per class", "pointing game", classes,
                perClass(methodsNode, sources, "pointing_game")).write(out, PER_CLASS_POINTING, format);
        GroundingCharts.intervals("Mass in box per class", "mass in box", classes,
                perClass(methodsNode, sources, "mass_in_box")).write(out, PER_CLASS_MASS, format);
        Map<String, Map<String, GroundingCharts.Estimate>> overall = new LinkedHashMap<>();
        for (MapSource source : sources) {
            JsonNode node = methodsNode.path(source.name());
            Map<String, GroundingCharts.Estimate> metrics = new LinkedHashMap<>();
            put(metrics, "pointing game", node.path("pointing_game"));
            put(metrics, "mass in box", node.path("mass_in_box"));
            overall.put(source.name(), metrics);
        }
        GroundingCharts.intervals("Methods against each other", "share", List.of("pointing game", "mass in box"), overall)
                .write(out, METHODS, format);
        Map<String, double[]> masses = new LinkedHashMap<>();
        for (MapSource source : sources) {
            masses.put(source.name(), outcome.results().stream()
                    .filter(LoggedResult.Phrase.class::isInstance).map(LoggedResult.Phrase.class::cast)
                    .mapToDouble(phrase -> phrase.scores().get(source.name()).mass()).toArray());
        }
        GroundingCharts.distributions("Mass in box per phrase", "mass in box", masses, 20)
                .write(out, MASS_DISTRIBUTION, format);
    }

    private static Map<String, Map<String, GroundingCharts.Estimate>> perClass(JsonNode methodsNode, List<MapSource> sources,
                                                                              String metric) {
        Map<String, Map<String, GroundingCharts.Estimate>> estimates = new LinkedHashMap<>();
        for (MapSource source : sources) {
            Map<String, GroundingCharts.Estimate> byClass = new LinkedHashMap<>();
            methodsNode.path(source.name()).path("per_class").fields()
                    .forEachRemaining(entry -> put(byClass, entry.getKey(), entry.getValue().path(metric)));
            estimates.put(source.name(), byClass);
        }
        return estimates;
    }

    /** Adds the interval {mean, low, high, n} unless it is empty (n = 0). */
    private static void put(Map<String, GroundingCharts.Estimate> into, String key, JsonNode interval) {
        if (interval.path("n").intValue() > 0) {
            into.put(key, new GroundingCharts.Estimate(interval.path("mean").doubleValue(),
                    interval.path("low").doubleValue(), interval.path("high").doubleValue()));
        }
    }
}
