/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Undoes mojibake the way ftfy 6's {@code fix_encoding} does: while the text looks bad
 * ({@link MojibakeHeuristic#isBad}), re-encode it in the first single-byte code page that can
 * hold it and decode the bytes as UTF-8; if no code page gives valid UTF-8, repair the
 * UTF-8-looking runs one by one; failing that, read Latin-1 C1 controls as Windows-1252.
 * Two byte-level repairs run before the UTF-8 decoding: a space that was a U+A0 inside a
 * sequence is put back, and sequences whose continuation bytes were lost (shown as U+FFFD
 * or '?') become one U+FFFD.
 *
 * <p>Every step keeps the original spans: a decoded char spans the chars its bytes came from.
 */
final class EncodingFixer {

    /** {@code C3 20} meant as "à " (a whole word), unless it starts a Portuguese contraction. */
    private static final Pattern A_GRAVE_WORD = Pattern.compile("\u00C3 (?! |quele|quela|quilo|s )");

    /** UTF-8 sequences that would be valid if one byte 0x20 were the 0xA0 it once was. */
    private static final Pattern SPACE_FOR_A0 = Pattern.compile(String.join("|",
            "[\u00C2\u00C3\u00C5\u00CE\u00D0\u00D9] ",
            "[\u00E2\u00E3] [\\x{80}-\\x{84}\\x{86}-\\x{9F}\\x{A1}-\\x{BF}]",
            "[\u00E0-\u00E3][\\x{80}-\\x{84}\\x{86}-\\x{9F}\\x{A1}-\\x{BF}] ",
            "\u00F0 [\\x{80}-\\x{BF}][\\x{80}-\\x{BF}]",
            "\u00F0[\\x{80}-\\x{BF}] [\\x{80}-\\x{BF}]",
            "\u00F0[\\x{80}-\\x{BF}][\\x{80}-\\x{BF}] "));

    /** UTF-8 sequences with continuation bytes lost: 0x1A (from U+FFFD) or one '?' in their place. */
    private static final Pattern LOSSY_SEQUENCE = Pattern.compile(String.join("|",
            "[\u00C2-\u00DF]\\x1A",
            "[\u00C2-\u00C3]\\?",
            "\u00ED[\u00A0-\u00AF][\\x1A?]\u00ED[\u00B0-\u00BF][\\x1A?\\x{80}-\\x{BF}]",
            "\u00ED[\u00A0-\u00AF][\\x1A?\\x{80}-\\x{BF}]\u00ED[\u00B0-\u00BF][\\x1A?]",
            "[\u00E0-\u00EF][\\x1A?][\\x1A\\x{80}-\\x{BF}]",
            "[\u00E0-\u00EF][\\x1A\\x{80}-\\x{BF}][\\x1A?]",
            "[\u00F0-\u00F4][\\x1A?][\\x1A\\x{80}-\\x{BF}][\\x1A\\x{80}-\\x{BF}]",
            "[\u00F0-\u00F4][\\x1A\\x{80}-\\x{BF}][\\x1A?][\\x1A\\x{80}-\\x{BF}]",
            "[\u00F0-\u00F4][\\x1A\\x{80}-\\x{BF}][\\x1A\\x{80}-\\x{BF}][\\x1A?]",
            "\\x1A"));
    /** The UTF-8 bytes of U+FFFD, one char per byte. */
    private static final String REPLACEMENT_BYTES = "\u00EF\u00BF\u00BD";

    private static final Pattern C1_CONTROL = Pattern.compile("[\\x{80}-\\x{9F}]");
    /** Bytes that strict Windows-1252 leaves unassigned. */
    private static final String WINDOWS_1252_HOLES = "\u0081\u008D\u008F\u0090\u009D";

    private EncodingFixer() {
    }

    /** Repeats single repair steps until the text stops changing. */
    static MappedText fix(MappedText text) {
        while (true) {
            MappedText next = fixOneStep(text);
            if (next.text().equals(text.text())) {
                return next;
            }
            text = next;
        }
    }

    /** C1 control chars read as the Windows-1252 chars of the same byte (what browsers do). */
    static MappedText fixC1Controls(MappedText text) {
        return text.replaceAll(C1_CONTROL,
                m -> String.valueOf(SingleByteCodepage.SLOPPY_WINDOWS_1252.decode(m.group().charAt(0))));
    }

    private static MappedText fixOneStep(MappedText text) {
        String s = text.text();
        if (s.isEmpty() || isAscii(s) || !MojibakeHeuristic.isBad(s)) {
            return text;
        }
        Set<SingleByteCodepage> possible = EnumSet.noneOf(SingleByteCodepage.class);
        for (SingleByteCodepage codepage : SingleByteCodepage.values()) {
            if (!codepage.canEncode(s)) {
                continue;
            }
            possible.add(codepage);
            MappedText bytes = codepage.encode(text);
            if (codepage != SingleByteCodepage.MAC_ROMAN && SPACE_FOR_A0.matcher(bytes.text()).find()) {
                bytes = restoreA0(bytes);
            }
            if (codepage.isSloppy()) {
                bytes = bytes.replaceAll(LOSSY_SEQUENCE, m -> REPLACEMENT_BYTES);
            }
            boolean variants = bytes.text().indexOf('\u00ED') >= 0 || bytes.text().indexOf('\u00C0') >= 0;
            MappedText decoded = Utf8Reader.decode(bytes, variants);
            if (decoded != null) {
                return decoded;
            }
        }
        if (MojibakeHeuristic.UTF8_LOOKALIKE.matcher(s).find()) {
            MappedText fixed = fixEmbeddedRuns(text);
            if (!fixed.text().equals(s)) {
                return fixed;
            }
        }
        if (possible.contains(SingleByteCodepage.LATIN_1)) {
            MappedText fixed = latin1AsWindows1252(text);
            if (fixed != null && !fixed.text().equals(s)) {
                return fixed;
            }
        }
        if (C1_CONTROL.matcher(s).find()) {
            return fixC1Controls(text);
        }
        return text;
    }

    /** Inserts U+A0 after a lone "Ã" word, then turns spaces inside would-be sequences into A0. */
    private static MappedText restoreA0(MappedText bytes) {
        var m = A_GRAVE_WORD.matcher(bytes.text());
        MappedText.Builder out = bytes.builder();
        int copiedUpTo = 0;
        while (m.find()) {
            int lead = m.start();
            out.copy(bytes, copiedUpTo, lead + 1).put('\u00A0', bytes.start(lead), bytes.end(lead));
            copiedUpTo = lead + 1;
        }
        MappedText withAGrave = out.copy(bytes, copiedUpTo, bytes.length()).build();
        return withAGrave.replaceAll(SPACE_FOR_A0, match -> match.group().replace(' ', '\u00A0'));
    }

    /** Each UTF-8-looking run that is itself bad (and shorter than the text) is fixed alone. */
    private static MappedText fixEmbeddedRuns(MappedText text) {
        var m = MojibakeHeuristic.UTF8_LOOKALIKE.matcher(text.text());
        MappedText.Builder out = null;
        int copiedUpTo = 0;
        while (m.find()) {
            if (m.end() - m.start() >= text.length() || !MojibakeHeuristic.isBad(m.group())) {
                continue;
            }
            MappedText fixed = fix(text.slice(m.start(), m.end()));
            if (out == null) {
                out = text.builder();
            }
            out.copy(text, copiedUpTo, m.start()).copy(fixed, 0, fixed.length());
            copiedUpTo = m.end();
        }
        return out == null ? text : out.copy(text, copiedUpTo, text.length()).build();
    }

    /** Latin-1 text re-read as strict Windows-1252, or null if it has bytes that code page lacks. */
    private static MappedText latin1AsWindows1252(MappedText text) {
        String s = text.text();
        for (int i = 0; i < s.length(); i++) {
            if (WINDOWS_1252_HOLES.indexOf(s.charAt(i)) >= 0) {
                return null;
            }
        }
        return fixC1Controls(text);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
