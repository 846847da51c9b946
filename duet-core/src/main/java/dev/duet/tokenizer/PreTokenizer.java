/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's word splitter (its {@code pat}, case-insensitive): the special tokens written out,
 * the contractions 's 't 're 've 'm 'll 'd, runs of letters, single digits, and runs of
 * other non-space chars. Spaces separate words and belong to none.
 */
final class PreTokenizer {

    static final String START_OF_TEXT = "<|startoftext|>";
    static final String END_OF_TEXT = "<|endoftext|>";

    private static final Pattern WORD = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}"
                    + "|[^" + PythonStringRules.WHITESPACE_CLASS + "\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** One word: chars [start, end) of the cleaned text. */
    record Word(int start, int end) {
    }

    private PreTokenizer() {
    }

    static List<Word> split(String cleaned) {
        List<Word> words = new ArrayList<>();
        Matcher m = WORD.matcher(cleaned);
        while (m.find()) {
            words.add(new Word(m.start(), m.end()));
        }
        return words;
    }
}
