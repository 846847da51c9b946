/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

/**
 * The few Python {@code str} behaviours that CLIP's cleaning relies on, reproduced on
 * {@link MappedText}: {@code str.isspace} (also what {@code re}'s {@code \s} matches),
 * {@code strip()}, {@code re.sub(r"\s+", " ", text)} and {@code lower()} with its
 * final-sigma rule.
 */
final class PythonStringRules {

    /** A regex character-class body equal to Python's {@code \s} on str patterns. */
    static final String WHITESPACE_CLASS =
            "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}"
                    + "\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";

    private static final int CAPITAL_SIGMA = 0x3A3;
    private static final int SMALL_SIGMA = 0x3C3;
    private static final int FINAL_SIGMA = 0x3C2;
    private static final int CAPITAL_I_WITH_DOT = 0x130;

    private PythonStringRules() {
    }

    static boolean isSpace(int cp) {
        return switch (cp) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
                 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** {@code text.strip()}: whitespace chars are all in the BMP, so chars are checked one by one. */
    static MappedText strip(MappedText text) {
        int from = 0;
        int to = text.length();
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        return from == 0 && to == text.length() ? text : text.slice(from, to);
    }

    /** {@code re.sub(r"\s+", " ", text)}: each run becomes one space spanning the whole run. */
    static MappedText collapseWhitespace(MappedText text) {
        MappedText.Builder out = text.builder();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (isSpace(text.charAt(i))) {
                int runEnd = i;
                while (runEnd < n && isSpace(text.charAt(runEnd))) {
                    runEnd++;
                }
                out.replace(text, i, runEnd, " ");
                i = runEnd;
            } else {
                int runEnd = i;
                while (runEnd < n && !isSpace(text.charAt(runEnd))) {
                    runEnd++;
                }
                out.copy(text, i, runEnd);
                i = runEnd;
            }
        }
        return out.build();
    }

    /**
     * {@code text.lower()}: Unicode full lower-case mapping, whose only multi-char entry is
     * U+0130, and capital sigma becoming final sigma at the end of a word (Python's
     * {@code handle_capital_sigma}).
     */
    static MappedText lower(MappedText text) {
        String s = text.text();
        MappedText.Builder out = text.builder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == CAPITAL_I_WITH_DOT) {
                out.replace(text, i, next, "i\u0307");
            } else {
                int lowered = cp == CAPITAL_SIGMA
                        ? (isFinalSigma(s, i) ? FINAL_SIGMA : SMALL_SIGMA)
                        : Character.toLowerCase(cp);
                if (lowered == cp) {
                    out.copy(text, i, next);
                } else {
                    out.replace(text, i, next, Character.toString(lowered));
                }
            }
            i = next;
        }
        return out.build();
    }

    /**
     * The lower case of one code point on its own: Python's {@code c.lower()} of a one-char string,
     * and Rust's {@code char::to_lowercase} (the tokenizers library's Lowercase normaliser), the full
     * mapping, whose one multi-char case is U+0130, with no final-sigma context; null when unchanged
     * (as {@link MappedText#mapCodePoints} takes it).
     */
    static String lowerOneCodePoint(int cp) {
        if (cp == CAPITAL_I_WITH_DOT) {
            return "i\u0307";
        }
        int lower = Character.toLowerCase(cp);
        return lower == cp ? null : Character.toString(lower);
    }

    /** Preceded by a cased letter and not followed by one, skipping case-ignorable chars. */
    private static boolean isFinalSigma(String s, int sigmaIndex) {
        int j = sigmaIndex;
        int before = -1;
        while (j > 0) {
            int cp = s.codePointBefore(j);
            j -= Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                before = cp;
                break;
            }
        }
        if (before < 0 || !isCased(before)) {
            return false;
        }
        j = sigmaIndex + 1;
        while (j < s.length()) {
            int cp = s.codePointAt(j);
            j += Character.charCount(cp);
            if (!isCaseIgnorable(cp)) {
                return !isCased(cp);
            }
        }
        return true;
    }

    private static boolean isCased(int cp) {
        return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
    }

    /** Unicode Case_Ignorable: marks, format chars, modifiers and the word-internal punctuation. */
    private static boolean isCaseIgnorable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT,
                 Character.MODIFIER_LETTER, Character.MODIFIER_SYMBOL -> true;
            default -> switch (cp) {
                case '\'', '.', ':', 0xB7, 0x387, 0x55F, 0x5F4, 0x2018, 0x2019, 0x2024, 0x2027,
                     0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A -> true;
                default -> false;
            };
        };
    }
}
