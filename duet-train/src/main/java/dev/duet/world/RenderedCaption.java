/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.SwapKind;
import dev.duet.data.TextSpan;

import java.util.List;
import java.util.Map;

/**
 * A caption's text with the span of each noun phrase (in plan order) and of each swappable
 * word: {@code words} maps (kind, phrase index) to the span of that word; the relation and
 * the count belong to phrase 0.
 */
record RenderedCaption(String text, List<TextSpan> phrases, Map<RenderedCaption.Slot, TextSpan> words) {

    record Slot(SwapKind kind, int phrase) {
    }

    RenderedCaption {
        phrases = List.copyOf(phrases);
        words = Map.copyOf(words);
    }
}
