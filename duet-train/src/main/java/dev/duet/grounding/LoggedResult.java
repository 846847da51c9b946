package dev.duet.grounding;

import java.util.Map;

/** One line of the result log: a scored phrase or a hard-negative contrast, named by a key unique in the run. */
public sealed interface LoggedResult {

    String key();

    /** The phrase's class (see {@link dev.duet.data.GroundedPhrase#label()}). */
    String label();

    /** How one method's map of one phrase scored. */
    record Score(boolean hit, double mass) {
    }

    /**
     * A phrase: its box size, the chance level (its share of the patches) and each method's scores.
     */
    record Phrase(String key, String label, BoxSize size, double chance, Map<MapMethod, Score> scores)
            implements LoggedResult {

        public Phrase {
            scores = Map.copyOf(scores);
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
