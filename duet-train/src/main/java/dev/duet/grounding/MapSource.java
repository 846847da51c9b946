/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import dev.duet.explain.Explainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One map a run scores, under the name it has in the results and the summary: a method and, for
 * Duet's second-order maps, the explainer (layer pair) that draws them. A run with one layer pair
 * names its Duet maps {@code duet}; with several, {@code duet@T/I} each.
 *
 * @param explainer for {@link MapMethod#DUET}; null for the other methods
 */
public record MapSource(String name, MapMethod method, Explainer explainer) {

    public MapSource {
        if ((method == MapMethod.DUET) != (explainer != null)) {
            throw new IllegalArgumentException("Duet's maps, and only they, need an explainer");
        }
    }

    /** The sources of {@code methods}, Duet's once per explainer, in the methods' order. */
    public static List<MapSource> of(Set<MapMethod> methods, List<Explainer> explainers) {
        List<MapSource> sources = new ArrayList<>();
        for (MapMethod method : MapMethod.values()) {
            if (!methods.contains(method)) {
                continue;
            }
            if (method != MapMethod.DUET) {
                sources.add(new MapSource(method.cliName(), method, null));
                continue;
            }
            for (Explainer explainer : explainers) {
                String name = explainers.size() == 1 ? method.cliName()
                        : method.cliName() + "@" + explainer.textLayer() + "/" + explainer.imageLayer();
                sources.add(new MapSource(name, method, explainer));
            }
        }
        return List.copyOf(sources);
    }
}
