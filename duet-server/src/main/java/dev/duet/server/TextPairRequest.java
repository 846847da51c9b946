/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.explain.ExplainOptions;
import java.util.Set;

/**
 * What the page asks to explain under a sentence encoder, checked field by field: two texts, the
 * cut (the input of block {@code layer}, the same for both) and the settings both factors share.
 * The record is the explanation's cache key: it holds exactly what the explanation depends on.
 */
record TextPairRequest(String first, String second, int layer, ExplainRequest.Settings settings) {

    private static final Set<String> FIELDS = Set.of("first", "second", "layer", "normalization", "quadrature", "steps");

    /** @param layers blocks of the tower: layers 0..layers-1 may be cut (default the last block's input) */
    static TextPairRequest parse(JsonNode body, int maxTextChars, int layers) {
        RequestFields.onlyKnown(body, FIELDS);
        String first = RequestFields.requiredText(body, "first", "first text", maxTextChars);
        String second = RequestFields.requiredText(body, "second", "second text", maxTextChars);
        int layer = RequestFields.integer(body, "layer", layers - 1, 0, layers - 1);
        return new TextPairRequest(first, second, layer, ExplainRequest.Settings.parse(body));
    }

    ExplainOptions options() {
        return ExplainOptions.defaults()
                .withLayers(layer, null)
                .withNormalization(settings.normalization())
                .withQuadrature(settings.quadrature(), settings.steps());
    }

    /** Everything the first text's factor depends on. */
    SentenceKey firstKey() {
        return new SentenceKey(layer, settings, first);
    }

    /** Everything the second text's factor depends on. */
    SentenceKey secondKey() {
        return new SentenceKey(layer, settings, second);
    }

    /** A sentence's factor: the same text at the same cut and settings is the same factor, first or second. */
    record SentenceKey(int layer, ExplainRequest.Settings settings, String text) {
    }
}
