/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Decides whether text looks like mojibake, with ftfy 6's "badness" heuristic: character
 * pairs and triples that almost never occur in real text but are typical of UTF-8 read as a
 * single-byte code page (an accented capital followed by a currency sign, "Ã" followed by a
 * no-break space, box-drawing next to letters...). The character categories below are the
 * ones ftfy 6.3 uses; text is "bad" when any pattern matches.
 *
 * <p>Also finds runs that look like UTF-8 lead and continuation bytes decoded one byte per
 * char ({@link #UTF8_LOOKALIKE}), used to repair mojibake embedded in otherwise good text.
 */
final class MojibakeHeuristic {

    // Regex class bodies, one per category of characters that occur in mojibake.
    private static final String COMMON = "\\N{NO-BREAK SPACE}\\N{SOFT HYPHEN}\\N{MIDDLE DOT}\\N{ACUTE ACCENT}"
            + "\\N{EN DASH}\\N{EM DASH}\\N{HORIZONTAL BAR}\\N{HORIZONTAL ELLIPSIS}\\N{RIGHT SINGLE QUOTATION MARK}";
    private static final String C1 = "\\x{80}-\\x{9F}";
    private static final String BAD = "\\N{BROKEN BAR}\\N{CURRENCY SIGN}\\N{DIAERESIS}\\N{NOT SIGN}\\N{MACRON}"
            + "\\N{CEDILLA}\\N{LATIN SMALL LETTER F WITH HOOK}\\N{MODIFIER LETTER CIRCUMFLEX ACCENT}\\N{CARON}"
            + "\\N{BREVE}\\N{OGONEK}\\N{SMALL TILDE}\\N{DAGGER}\\N{DOUBLE DAGGER}\\N{PER MILLE SIGN}"
            + "\\N{REVERSED NOT SIGN}\\N{LOZENGE}\\x{FFFD}\\N{FEMININE ORDINAL INDICATOR}"
            + "\\N{MASCULINE ORDINAL INDICATOR}";
    private static final String LAW = "\\N{PILCROW SIGN}\\N{SECTION SIGN}";
    private static final String CURRENCY = "\\N{CENT SIGN}\\N{POUND SIGN}\\N{YEN SIGN}\\N{PESETA SIGN}\\N{EURO SIGN}";
    private static final String START_PUNCTUATION = "\\N{INVERTED EXCLAMATION MARK}"
            + "\\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}\\N{INVERTED QUESTION MARK}\\N{COPYRIGHT SIGN}"
            + "\\N{GREEK TONOS}\\N{GREEK DIALYTIKA TONOS}\\N{LEFT SINGLE QUOTATION MARK}"
            + "\\N{SINGLE LOW-9 QUOTATION MARK}\\N{LEFT DOUBLE QUOTATION MARK}\\N{DOUBLE LOW-9 QUOTATION MARK}"
            + "\\N{BULLET}\\N{SINGLE LEFT-POINTING ANGLE QUOTATION MARK}\\x{F8FF}";
    private static final String END_PUNCTUATION = "\\N{REGISTERED SIGN}"
            + "\\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}\\N{DOUBLE ACUTE ACCENT}"
            + "\\N{RIGHT DOUBLE QUOTATION MARK}\\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}\\N{TRADE MARK SIGN}";
    private static final String NUMERIC = "\\N{SUPERSCRIPT TWO}\\N{SUPERSCRIPT THREE}\\N{SUPERSCRIPT ONE}"
            + "\\N{PLUS-MINUS SIGN}\\N{VULGAR FRACTION ONE QUARTER}\\N{VULGAR FRACTION ONE HALF}"
            + "\\N{VULGAR FRACTION THREE QUARTERS}\\N{MULTIPLICATION SIGN}\\N{MICRO SIGN}\\N{DIVISION SIGN}"
            + "\\N{FRACTION SLASH}\\N{PARTIAL DIFFERENTIAL}\\N{INCREMENT}\\N{N-ARY PRODUCT}\\N{N-ARY SUMMATION}"
            + "\\N{SQUARE ROOT}\\N{INFINITY}\\N{INTERSECTION}\\N{INTEGRAL}\\N{ALMOST EQUAL TO}"
            + "\\N{NOT EQUAL TO}\\N{IDENTICAL TO}\\N{LESS-THAN OR EQUAL TO}\\N{GREATER-THAN OR EQUAL TO}"
            + "\\N{NUMERO SIGN}";
    /** Letters that emoticons (kaomoji) are made of, so they may legitimately sit in odd places. */
    private static final String KAOMOJI = "\\x{D2}-\\x{D6}\\x{D9}-\\x{DC}\\x{F2}-\\x{F6}\\x{F8}-\\x{FC}"
            + "\\N{LATIN CAPITAL LETTER O WITH DOUBLE ACUTE}\\N{LATIN CAPITAL LETTER O WITH MACRON}"
            + "\\N{LATIN CAPITAL LETTER U WITH MACRON}\\N{LATIN CAPITAL LETTER U WITH OGONEK}\\N{DEGREE SIGN}";
    private static final String UPPER_ACCENTED = "\\x{C0}-\\x{D1}"
            + "\\N{LATIN CAPITAL LETTER O WITH STROKE}\\N{LATIN CAPITAL LETTER U WITH DIAERESIS}"
            + "\\N{LATIN CAPITAL LETTER Y WITH ACUTE}\\N{LATIN CAPITAL LETTER A WITH BREVE}"
            + "\\N{LATIN CAPITAL LETTER A WITH MACRON}\\N{LATIN CAPITAL LETTER A WITH OGONEK}"
            + "\\N{LATIN CAPITAL LETTER C WITH ACUTE}\\N{LATIN CAPITAL LETTER C WITH CARON}"
            + "\\N{LATIN CAPITAL LETTER D WITH CARON}\\N{LATIN CAPITAL LETTER D WITH STROKE}"
            + "\\N{LATIN CAPITAL LETTER E WITH OGONEK}\\N{LATIN CAPITAL LETTER E WITH CARON}"
            + "\\N{LATIN CAPITAL LETTER E WITH MACRON}\\N{LATIN CAPITAL LETTER E WITH DOT ABOVE}"
            + "\\N{LATIN CAPITAL LETTER G WITH BREVE}\\N{LATIN CAPITAL LETTER G WITH CEDILLA}"
            + "\\N{LATIN CAPITAL LETTER I WITH DOT ABOVE}\\N{LATIN CAPITAL LETTER I WITH MACRON}"
            + "\\N{LATIN CAPITAL LETTER K WITH CEDILLA}\\N{LATIN CAPITAL LETTER L WITH ACUTE}"
            + "\\N{LATIN CAPITAL LETTER L WITH CARON}\\N{LATIN CAPITAL LETTER L WITH STROKE}"
            + "\\N{LATIN CAPITAL LETTER L WITH CEDILLA}\\N{LATIN CAPITAL LETTER N WITH ACUTE}"
            + "\\N{LATIN CAPITAL LETTER N WITH CARON}\\N{LATIN CAPITAL LETTER N WITH CEDILLA}"
            + "\\N{LATIN CAPITAL LIGATURE OE}\\N{LATIN CAPITAL LETTER R WITH CARON}"
            + "\\N{LATIN CAPITAL LETTER S WITH ACUTE}\\N{LATIN CAPITAL LETTER S WITH CEDILLA}"
            + "\\N{LATIN CAPITAL LETTER S WITH CARON}\\N{LATIN CAPITAL LETTER T WITH CEDILLA}"
            + "\\N{LATIN CAPITAL LETTER T WITH CARON}\\N{LATIN CAPITAL LETTER U WITH RING ABOVE}"
            + "\\N{LATIN CAPITAL LETTER U WITH DOUBLE ACUTE}\\N{LATIN CAPITAL LETTER Y WITH DIAERESIS}"
            + "\\N{LATIN CAPITAL LETTER Z WITH ACUTE}\\N{LATIN CAPITAL LETTER Z WITH DOT ABOVE}"
            + "\\N{LATIN CAPITAL LETTER Z WITH CARON}\\N{CYRILLIC CAPITAL LETTER GHE WITH UPTURN}";
    private static final String LOWER_ACCENTED = "\\N{LATIN SMALL LETTER SHARP S}\\x{E0}-\\x{F1}"
            + "\\N{LATIN SMALL LETTER A WITH BREVE}\\N{LATIN SMALL LETTER A WITH OGONEK}"
            + "\\N{LATIN SMALL LETTER A WITH MACRON}\\N{LATIN SMALL LETTER C WITH ACUTE}"
            + "\\N{LATIN SMALL LETTER C WITH CARON}\\N{LATIN SMALL LETTER D WITH CARON}"
            + "\\N{LATIN SMALL LETTER D WITH STROKE}\\N{LATIN SMALL LETTER E WITH OGONEK}"
            + "\\N{LATIN SMALL LETTER E WITH CARON}\\N{LATIN SMALL LETTER E WITH MACRON}"
            + "\\N{LATIN SMALL LETTER E WITH DOT ABOVE}\\N{LATIN SMALL LETTER G WITH BREVE}"
            + "\\N{LATIN SMALL LETTER G WITH CEDILLA}\\N{LATIN SMALL LETTER I WITH OGONEK}"
            + "\\N{LATIN SMALL LETTER I WITH MACRON}\\N{LATIN SMALL LETTER K WITH CEDILLA}"
            + "\\N{LATIN SMALL LETTER L WITH ACUTE}\\N{LATIN SMALL LETTER L WITH CARON}"
            + "\\N{LATIN SMALL LETTER L WITH STROKE}\\N{LATIN SMALL LETTER L WITH CEDILLA}"
            + "\\N{LATIN SMALL LIGATURE OE}\\N{LATIN SMALL LETTER R WITH ACUTE}"
            + "\\N{LATIN SMALL LETTER S WITH ACUTE}\\N{LATIN SMALL LETTER S WITH CEDILLA}"
            + "\\N{LATIN SMALL LETTER S WITH CARON}\\N{LATIN SMALL LETTER T WITH CARON}"
            + "\\N{LATIN SMALL LETTER U WITH DIAERESIS}\\N{LATIN SMALL LETTER Z WITH ACUTE}"
            + "\\N{LATIN SMALL LETTER Z WITH DOT ABOVE}\\N{LATIN SMALL LETTER Z WITH CARON}"
            + "\\N{CYRILLIC SMALL LETTER GHE WITH UPTURN}\\N{LATIN SMALL LIGATURE FI}\\N{LATIN SMALL LIGATURE FL}";
    private static final String UPPER_COMMON = "\\N{LATIN CAPITAL LETTER THORN}"
            + "\\N{GREEK CAPITAL LETTER ALPHA}-\\N{GREEK CAPITAL LETTER OMEGA}"
            + "\\N{GREEK CAPITAL LETTER ALPHA WITH TONOS}\\N{GREEK CAPITAL LETTER EPSILON WITH TONOS}"
            + "\\N{GREEK CAPITAL LETTER ETA WITH TONOS}\\N{GREEK CAPITAL LETTER IOTA WITH TONOS}"
            + "\\N{GREEK CAPITAL LETTER OMICRON WITH TONOS}\\N{GREEK CAPITAL LETTER UPSILON WITH TONOS}"
            + "\\N{GREEK CAPITAL LETTER OMEGA WITH TONOS}\\N{GREEK CAPITAL LETTER IOTA WITH DIALYTIKA}"
            + "\\N{GREEK CAPITAL LETTER UPSILON WITH DIALYTIKA}"
            + "\\N{CYRILLIC CAPITAL LETTER IO}-\\N{CYRILLIC CAPITAL LETTER YA}";
    private static final String LOWER_COMMON = "\\N{GREEK SMALL LETTER ALPHA}-\\N{GREEK SMALL LETTER OMEGA}"
            + "\\N{GREEK SMALL LETTER ALPHA WITH TONOS}\\N{GREEK SMALL LETTER EPSILON WITH TONOS}"
            + "\\N{GREEK SMALL LETTER ETA WITH TONOS}\\N{GREEK SMALL LETTER IOTA WITH TONOS}"
            + "\\N{GREEK SMALL LETTER UPSILON WITH DIALYTIKA AND TONOS}"
            + "\\N{CYRILLIC SMALL LETTER A}-\\N{CYRILLIC SMALL LETTER DZHE}";
    /** Box drawing, without the single horizontal line that kaomoji use. */
    private static final String BOX = "\u2502\u250C\u2510\u2518\u251C\u2524\u252C\u253C"
            + "\\N{BOX DRAWINGS DOUBLE HORIZONTAL}-\\N{BOX DRAWINGS DOUBLE VERTICAL AND HORIZONTAL}"
            + "\u2580\u2584\u2588\u258C\u2590\u2591\u2592\u2593";

    private static final String SPACE = "[" + PythonStringRules.WHITESPACE_CLASS + "]";
    /** Python's {@code \w} on str patterns: letters, numbers and underscore. */
    private static final String WORD = "[\\p{L}\\p{N}_]";
    private static final String ARABIC_CONTEXT = "[" + COMMON + CURRENCY + BAD + NUMERIC + START_PUNCTUATION
            + "\u0178\u0160\u00AE\u00B0\u00B5\u00BB]";

    private static final Pattern BADNESS = Pattern.compile(String.join("|", List.of(
            c(C1),
            c(BAD + LOWER_ACCENTED + UPPER_ACCENTED + BOX + START_PUNCTUATION + END_PUNCTUATION + CURRENCY
                    + NUMERIC + LAW) + c(BAD),
            "[a-zA-Z]" + c(LOWER_COMMON + UPPER_COMMON) + c(BAD),
            c(BAD) + c(LOWER_ACCENTED + UPPER_ACCENTED + BOX + START_PUNCTUATION + END_PUNCTUATION + CURRENCY
                    + NUMERIC + LAW),
            c(LOWER_ACCENTED + LOWER_COMMON + BOX + END_PUNCTUATION + CURRENCY + NUMERIC) + c(UPPER_ACCENTED),
            c(BOX + END_PUNCTUATION + CURRENCY + NUMERIC) + c(LOWER_ACCENTED),
            c(LOWER_ACCENTED + BOX + END_PUNCTUATION) + c(CURRENCY),
            SPACE + c(UPPER_ACCENTED) + c(CURRENCY),
            c(UPPER_ACCENTED + BOX) + c(NUMERIC + LAW),
            c(LOWER_ACCENTED + UPPER_ACCENTED + BOX + CURRENCY + END_PUNCTUATION) + c(START_PUNCTUATION) + c(NUMERIC),
            c(LOWER_ACCENTED + UPPER_ACCENTED + CURRENCY + NUMERIC + BOX + LAW) + c(END_PUNCTUATION)
                    + c(START_PUNCTUATION),
            c(CURRENCY + NUMERIC + BOX) + c(START_PUNCTUATION),
            "[a-z]" + c(UPPER_ACCENTED) + c(START_PUNCTUATION + CURRENCY),
            c(BOX) + c(KAOMOJI),
            c(LOWER_ACCENTED + UPPER_ACCENTED + CURRENCY + NUMERIC + START_PUNCTUATION + END_PUNCTUATION + LAW)
                    + c(BOX),
            c(BOX) + c(END_PUNCTUATION),
            c(LOWER_ACCENTED + UPPER_ACCENTED) + c(START_PUNCTUATION + END_PUNCTUATION) + WORD,
            // the ligature œ when not followed by an unaccented Latin letter
            "[\u0152\u0153][^A-Za-z]",
            // degree signs after capital letters
            c(UPPER_ACCENTED) + "\u00B0",
            // common Windows-1252 2-character mojibake not covered above
            "[\u00C2\u00C3\u00CE\u00D0][\u20AC\u0153\u0160\u0161\u00A2\u00A3\u0178\u017E\u00A0\u00AD\u00AE\u00A9"
                    + "\u00B0\u00B7\u00BB" + START_PUNCTUATION + END_PUNCTUATION + "\u2013\u2014\u00B4]",
            "\u00D7[\u00B2\u00B3]",
            // Windows-1252 mojibake of Arabic words: 'common' chars count here, so four are required
            "[\u00D8\u00D9]" + ARABIC_CONTEXT + "[\u00D8\u00D9]" + ARABIC_CONTEXT,
            // Windows-1252 mojibake starting 3-char sequences of some South Asian scripts
            "\u00E0[\u00B2\u00B5\u00B9\u00BC\u00BD\u00BE]",
            // MacRoman mojibake not covered above
            "\u221A[\u00B1\u2202\u2020\u2260\u00AE\u2122\u00B4\u2264\u2265\u00A5\u00B5\u00F8]",
            "\u2248[\u00B0\u00A2]",
            "\u201A\u00C4[\u00EC\u00EE\u00EF\u00F2\u00F4\u00FA\u00F9\u00FB\u2020\u00B0\u00A2\u03C0]",
            "\u201A[\u00E2\u00F3][\u00E0\u00E4\u00B0\u00EA]",
            // Windows-1251 mojibake of characters in the U+2000 range
            "\u0432\u0402",
            // Windows-1251 mojibake of Latin-1 and/or Cyrillic: three chars required
            "[\u0412\u0413\u0420\u0421]" + c(C1 + BAD + START_PUNCTUATION + END_PUNCTUATION + CURRENCY
                    + "\u00B0\u00B5") + "[\u0412\u0413\u0420\u0421]",
            // Windows-1251 over Latin-1 over Windows-1252, with a Latin letter nearby
            "\u0413\u045E\u0412\u0402\u0412[^\\n][A-Za-z ]",
            // Windows-1252 encodings of 'à' and 'á', and of U+A0 itself
            "\u00C3[\u00A0\u00A1]",
            "[a-z]" + SPACE + "?[\u00C3\u00C2] ",
            "^[\u00C3\u00C2] ",
            // Â encoding exactly the character after it, when that character is common enough
            "[a-z.,?!" + END_PUNCTUATION + "]\u00C2[ " + START_PUNCTUATION + END_PUNCTUATION + "]",
            // Windows-1253 mojibake of characters in the U+2000 range
            "\u03B2\u20AC[\u2122\u00A0\u0386\u00AD\u00AE\u00B0]",
            // Windows-1253 mojibake of Latin-1 and/or Greek
            "[\u0392\u0393\u039E\u039F]" + c(C1 + BAD + START_PUNCTUATION + END_PUNCTUATION + CURRENCY + "\u00B0")
                    + "[\u0392\u0393\u039E\u039F]",
            // Windows-1257 mojibake of characters in the U+2000 range
            "\u0101\u20AC")));

    /** Chars that bytes in [low, high] decode to in Latin-1 or a Windows code page ftfy knows. */
    private static String byteClues(int low, int high) {
        TreeSet<Character> chars = new TreeSet<>();
        for (String page : List.of("latin-1", "windows-1250", "windows-1251", "windows-1252", "windows-1253",
                "windows-1254", "windows-1257")) {
            for (int b = low; b <= high; b++) {
                char ch = SingleByteCodepage.Tables.strictDecode(page, b);
                if (SingleByteCodepage.Tables.isAssigned(ch)) {
                    chars.add(ch);
                }
            }
        }
        StringBuilder body = new StringBuilder();
        for (char ch : chars) {
            body.append(String.format("\\x{%X}", (int) ch));
        }
        return body.toString();
    }

    private static final String FIRST_OF_2 = byteClues(0xC2, 0xDF);
    private static final String FIRST_OF_3 = byteClues(0xE0, 0xEF);
    // lead bytes F0 and F3: the others only start unassigned code points
    private static final String FIRST_OF_4 = byteClues(0xF0, 0xF0) + byteClues(0xF3, 0xF3);
    private static final String CONTINUATION_BYTES = byteClues(0x80, 0xBF);
    // a space may stand for U+A0 inside a sequence
    private static final String CONTINUATION = CONTINUATION_BYTES + " ";
    // dashes, quotes, bullets and ellipses often stand for themselves next to mojibake
    private static final String STRICT_CONTINUATION = CONTINUATION_BYTES
            + "&&[^\u2013\u2014\u2015\u2018\u2019\u201A\u201C\u201D\u201E\u2022\u2026]";

    /**
     * Runs of what look like UTF-8 sequences decoded one byte per char, not preceded by a
     * continuation-looking char (fixing the tail of a larger garble would make it worse).
     */
    static final Pattern UTF8_LOOKALIKE = Pattern.compile(
            "(?<!" + c(STRICT_CONTINUATION) + ")"
                    + "(?:" + c(FIRST_OF_2) + c(CONTINUATION)
                    + "|" + c(FIRST_OF_3) + c(CONTINUATION) + "{2}"
                    + "|" + c(FIRST_OF_4) + c(CONTINUATION) + "{3})+");

    private MojibakeHeuristic() {
    }

    /** Chars of all categories above: every pattern needs two of them side by side, or a LONE_CLUE. */
    private static final BitSet CLUES = members(COMMON + C1 + BAD + LAW + CURRENCY + START_PUNCTUATION
            + END_PUNCTUATION + NUMERIC + KAOMOJI + UPPER_ACCENTED + LOWER_ACCENTED + UPPER_COMMON + LOWER_COMMON
            + BOX);
    /** Chars that some pattern needs only once: C1 controls, Œ, œ, Â and Ã. */
    private static final BitSet LONE_CLUES = members(C1 + "\\x{152}\\x{153}\\x{C2}\\x{C3}");

    static boolean isBad(String text) {
        return mayBeBad(text) && matchesBadnessPatterns(text);
    }

    /** The patterns alone, without the pre-check. */
    static boolean matchesBadnessPatterns(String text) {
        return BADNESS.matcher(text).find();
    }

    /** A fast necessary condition for {@link #isBad}: the regex is slow on long char classes. */
    static boolean mayBeBad(String text) {
        boolean previousIsClue = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (LONE_CLUES.get(c) || (previousIsClue && CLUES.get(c))) {
                return true;
            }
            previousIsClue = CLUES.get(c);
        }
        return false;
    }

    /** The chars of a class body written with \\N{name}, \\x{hex}, literal chars and a-b ranges. */
    static BitSet members(String classBody) {
        BitSet set = new BitSet(0x10000);
        int i = 0;
        while (i < classBody.length()) {
            int[] low = item(classBody, i);
            int[] high = low;
            if (low[1] + 1 < classBody.length() && classBody.charAt(low[1]) == '-') {
                high = item(classBody, low[1] + 1);
            }
            set.set(low[0], high[0] + 1);
            i = high[1];
        }
        return set;
    }

    /** {code point, index after it} of the class item at index i. */
    private static int[] item(String classBody, int i) {
        if (classBody.startsWith("\\N{", i) || classBody.startsWith("\\x{", i)) {
            int close = classBody.indexOf('}', i);
            String inside = classBody.substring(i + 3, close);
            int cp = classBody.charAt(i + 1) == 'N' ? Character.codePointOf(inside) : Integer.parseInt(inside, 16);
            return new int[]{cp, close + 1};
        }
        return new int[]{classBody.charAt(i), i + 1};
    }

    private static String c(String classBody) {
        return "[" + classBody + "]";
    }
}
