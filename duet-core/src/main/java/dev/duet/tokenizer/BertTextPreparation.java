/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * BERT's basic tokenisation (Google's {@code BasicTokenizer}) of one part of a text between
 * special tokens, on {@link MappedText} so every char keeps its original range:
 * <ol>
 * <li>U+0000, U+FFFD and control or format chars (Cc, Cf; tab, newline and carriage return
 *     excepted) are dropped; whitespace (space, tab, newline, carriage return, Zs) becomes a space;</li>
 * <li>with {@code splitChineseChars}, each CJK ideograph gets a space on both sides;</li>
 * <li>the text is split at Python's whitespace ({@code str.split()}: U+2028 and U+2029 survive
 *     the cleaning and split too);</li>
 * <li>with {@code lowerCase}, each word is lower-cased as Python's {@code str.lower()} does (final
 *     sigma included); with {@code stripAccents}, each char is NFD-decomposed and its Mn marks dropped;</li>
 * <li>each punctuation char (any ASCII non-alphanumeric, any P* category) becomes a word of its own.</li>
 * </ol>
 * Categories come from the JDK's Unicode tables; a char whose category changed after the
 * reference's Unicode version may differ.
 */
final class BertTextPreparation {

    private BertTextPreparation() {
    }

    /** The words of {@code part}: non-empty, without whitespace, each a slice-built MappedText. */
    static List<MappedText> words(MappedText part, boolean lowerCase, boolean stripAccents, boolean splitChineseChars) {
        MappedText t = part.mapCodePoints(cp -> cp == 0 || cp == 0xFFFD || isControl(cp) ? ""
                : isWhitespace(cp) && cp != ' ' ? " " : null);
        if (splitChineseChars) {
            t = t.mapCodePoints(cp -> isChineseChar(cp) ? " " + Character.toString(cp) + " " : null);
        }
        List<MappedText> words = new ArrayList<>();
        for (MappedText word : splitOnWhitespace(t)) {
            if (lowerCase) {
                word = PythonStringRules.lower(word);
            }
            if (stripAccents) {
                word = word.mapCodePoints(BertTextPreparation::withoutMarks);
            }
            splitOnPunctuation(word, words);
        }
        return words;
    }

    private static List<MappedText> splitOnWhitespace(MappedText t) {
        List<MappedText> words = new ArrayList<>();
        int n = t.length();
        int i = 0;
        while (i < n) {
            while (i < n && PythonStringRules.isSpace(t.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !PythonStringRules.isSpace(t.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(t.slice(start, i));
            }
        }
        return words;
    }

    /** Adds the runs of non-punctuation and each punctuation char of {@code word} to {@code words}. */
    private static void splitOnPunctuation(MappedText word, List<MappedText> words) {
        String s = word.text();
        int runStart = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isPunctuation(cp)) {
                if (i > runStart) {
                    words.add(word.slice(runStart, i));
                }
                words.add(word.slice(i, next));
                runStart = next;
            }
            i = next;
        }
        if (s.length() > runStart) {
            words.add(word.slice(runStart, s.length()));
        }
    }

    /** The code point's NFD without its non-spacing marks; null when that is the code point itself. */
    private static String withoutMarks(int cp) {
        String decomposed = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFD);
        StringBuilder kept = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK)
                .forEach(kept::appendCodePoint);
        String result = kept.toString();
        return result.equals(Character.toString(cp)) ? null : result;
    }

    /** Google's {@code _is_whitespace}. */
    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    /** Google's {@code _is_control}: Cc and Cf, but tab, newline and carriage return (whitespace to BERT). */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    /** Google's {@code _is_punctuation}: every ASCII non-alphanumeric printable char and the P* categories. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** Google's {@code _is_chinese_char}: the CJK Unified Ideographs blocks and their compatibility blocks. */
    static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
