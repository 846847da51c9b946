package dev.duet.grounding;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a phrase's map over the patch grid comes from. {@link #DUET}: the phrase's tokens' rows of
 * the second-order interaction matrix summed ({@code Explanation.spanMap}); {@link #RANDOM}:
 * uniform noise seeded by the run's seed and the phrase's key (the same map on every rerun);
 * {@link #CENTRE}: a Gaussian centred on the grid with a standard deviation of a quarter of its
 * side, the photographer's bias and nothing else.
 */
public enum MapMethod {
    DUET, RANDOM, CENTRE;

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

    /** Whether the map depends on the caption (only such maps can tell a hard negative from its positive). */
    public boolean readsText() {
        return this == DUET;
    }
}
