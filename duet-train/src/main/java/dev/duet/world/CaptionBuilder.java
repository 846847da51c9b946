/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.SwapKind;
import dev.duet.data.TextSpan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a caption left to right, noting where each phrase and swappable word lands. */
final class CaptionBuilder {

    private static final String[] COUNT_WORDS = {"zero", "one", "two", "three", "four", "five", "six"};

    private final StringBuilder text = new StringBuilder();
    private final List<TextSpan> phrases = new ArrayList<>();
    private final Map<RenderedCaption.Slot, TextSpan> words = new HashMap<>();

    static String countWord(int count) {
        return COUNT_WORDS[count];
    }

    static int largestCount() {
        return COUNT_WORDS.length - 1;
    }

    /** "an" before a vowel letter ("an orange circle", "an oval"), else "a". */
    static String article(String nextWord) {
        return "aeiou".indexOf(nextWord.charAt(0)) >= 0 ? "an" : "a";
    }

    /** "a small blue square": the article, then the phrase (the phrase's span excludes the article). */
    CaptionBuilder singular(Description description) {
        word(article(description.firstWord()));
        return phrase(description, false);
    }

    /** "two red squares": the count word (slot COUNT of this phrase), then the plural phrase. */
    CaptionBuilder counted(int count, Description description) {
        slot(SwapKind.COUNT, phrases.size(), countWord(count));
        return phrase(description, true);
    }

    CaptionBuilder relation(Relation relation) {
        slot(SwapKind.RELATION, 0, relation.phrase());
        return this;
    }

    CaptionBuilder word(String word) {
        separate();
        text.append(word);
        return this;
    }

    /** A comma right after the previous word: "a red square, a blue circle". */
    CaptionBuilder comma() {
        text.append(',');
        return this;
    }

    RenderedCaption build() {
        return new RenderedCaption(text.toString(), phrases, words);
    }

    private CaptionBuilder phrase(Description description, boolean plural) {
        int index = phrases.size();
        separate();
        int start = text.length();
        if (description.size() != null) {
            slot(SwapKind.SIZE, index, description.size().word());
        }
        if (description.colour() != null) {
            slot(SwapKind.COLOUR, index, description.colour().name());
        }
        slot(SwapKind.SHAPE, index, plural ? description.shape().pluralNoun() : description.shape().noun());
        phrases.add(new TextSpan(start, text.length()));
        return this;
    }

    private void slot(SwapKind kind, int phrase, String word) {
        separate();
        int start = text.length();
        text.append(word);
        words.put(new RenderedCaption.Slot(kind, phrase), new TextSpan(start, text.length()));
    }

    /** One space between words; a phrase's first word follows the space its phrase already added. */
    private void separate() {
        if (!text.isEmpty() && text.charAt(text.length() - 1) != ' ') {
            text.append(' ');
        }
    }
}
