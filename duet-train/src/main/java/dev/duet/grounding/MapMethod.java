/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a phrase's map over the patch grid comes from. {@link #DUET}: the phrase's tokens' rows of
 * the second-order interaction matrix summed ({@code Explanation.spanMap}); {@link #RANDOM}:
 * uniform noise seeded by the run's seed and the phrase's key (the same map on every rerun);
 * {@link #CENTRE}: a Gaussian centred on the grid with a standard deviation of a quarter of its
 * side, the photographer's bias and nothing else; {@link #GRADIENT}: the first-order gradient x
 * input map of the image tower at the explanation's image layer, for the similarity with the
 * phrase's own text embedding; {@link #DENSE}: each patch's final state through the image head
 * against the phrase's embedding, as MaskCLIP reads patches (both {@code dev.duet.explain.BaselineMaps}).
 */
public enum MapMethod {
    DUET, RANDOM, CENTRE, GRADIENT, DENSE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MapMethod> fromCliName(String name) {
        for (MapMethod method : values()) {
            if (method.cliName().equals(name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    /** Whether the map needs the image tower's first-order or patch-embedding baselines. */
    boolean baseline() {
        return this == GRADIENT || this == DENSE;
    }
}
