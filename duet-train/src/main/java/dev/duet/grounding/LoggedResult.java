/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import java.util.SortedMap;
import java.util.TreeMap;

/** One line of the result log: a scored phrase or a hard-negative contrast, named by a key unique in the run. */
public sealed interface LoggedResult {

    String key();

    /** The phrase's class (see {@link dev.duet.data.GroundedPhrase#label()}). */
    String label();

    /** How one method's map of one phrase scored. */
    record Score(boolean hit, double mass) {
    }

    /**
     * A phrase: its box size, the chance level (its share of the patches) and each map's scores,
     * by the name of the map's {@link MapSource}, in name order.
     */
    record Phrase(String key, String label, BoxSize size, double chance, SortedMap<String, Score> scores)
            implements LoggedResult {

        public Phrase {
            scores = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(scores));
        }
    }

    /**
     * A hard negative: the interaction with the positive caption's boxes of the positive's phrase
     * and of the negative's replacement, from Duet's maps.
     */
    record Contrast(String key, String label, double positive, double negative) implements LoggedResult {

        public boolean negativeBelow() {
            return negative < positive;
        }
    }
}
