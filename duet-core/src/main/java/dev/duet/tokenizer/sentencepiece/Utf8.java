/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

/** UTF-8 as SentencePiece's {@code util.h} reads it. */
final class Utf8 {

    static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD}; // U+FFFD

    private Utf8() {
    }

    /** {@code string_util::OneCharLen}: the length a lead byte announces (1 for a stray continuation byte). */
    static int oneCharLength(byte lead) {
        int high = (lead & 0xFF) >>> 4;
        return high < 12 ? 1 : high < 14 ? 2 : high == 14 ? 3 : 4;
    }

    /**
     * Length of the valid UTF-8 char at {@code bytes[from]} (before {@code to}), or 0 when it is
     * malformed: a bad lead or trail byte, an overlong form, a surrogate or a value past U+10FFFF
     * ({@code string_util::DecodeUTF8}).
     */
    static int validCharLength(byte[] bytes, int from, int to) {
        int b0 = bytes[from] & 0xFF;
        int left = to - from;
        if (b0 < 0x80) {
            return 1;
        }
        if (left >= 2 && (b0 & 0xE0) == 0xC0) {
            int cp = (b0 & 0x1F) << 6 | (bytes[from + 1] & 0x3F);
            return trail(bytes[from + 1]) && cp >= 0x80 ? 2 : 0;
        }
        if (left >= 3 && (b0 & 0xF0) == 0xE0) {
            int cp = (b0 & 0x0F) << 12 | (bytes[from + 1] & 0x3F) << 6 | (bytes[from + 2] & 0x3F);
            return trail(bytes[from + 1]) && trail(bytes[from + 2]) && cp >= 0x800
                    && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0;
        }
        if (left >= 4 && (b0 & 0xF8) == 0xF0) {
            int cp = (b0 & 0x07) << 18 | (bytes[from + 1] & 0x3F) << 12 | (bytes[from + 2] & 0x3F) << 6
                    | (bytes[from + 3] & 0x3F);
            return trail(bytes[from + 1]) && trail(bytes[from + 2]) && trail(bytes[from + 3])
                    && cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0;
        }
        return 0;
    }

    private static boolean trail(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /**
     * A Java string as UTF-8, with the UTF-16 index of the char each byte offset begins in:
     * {@code charIndex[b]} for b in [0, bytes.length], the end mapping to the string's length.
     * A lone surrogate (which Python cannot even pass to SentencePiece) becomes U+FFFD.
     */
    record Encoded(byte[] bytes, int[] charIndex) {
    }

    static Encoded encode(String text) {
        byte[] out = new byte[Math.multiplyExact(text.length(), 3)];
        int[] charIndex = new int[out.length + 1];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int chars = Character.charCount(cp);
            if (Character.isSurrogate((char) cp) && chars == 1) {
                cp = 0xFFFD;
            }
            int start = n;
            if (cp < 0x80) {
                out[n++] = (byte) cp;
            } else if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | cp >>> 6);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out[n++] = (byte) (0xE0 | cp >>> 12);
                out[n++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                out[n++] = (byte) (0xF0 | cp >>> 18);
                out[n++] = (byte) (0x80 | cp >>> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >>> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            }
            for (int b = start; b < n; b++) {
                charIndex[b] = i;
            }
            i += chars;
        }
        charIndex[n] = text.length();
        return new Encoded(java.util.Arrays.copyOf(out, n), java.util.Arrays.copyOf(charIndex, n + 1));
    }
}
