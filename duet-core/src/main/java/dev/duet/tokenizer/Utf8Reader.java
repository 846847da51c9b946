/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

/**
 * Strict UTF-8 decoding of a one-char-per-byte {@link MappedText}, as Python's decoder does
 * it (no overlong forms, no surrogates, nothing above U+10FFFF). Each decoded char spans the
 * bytes it came from. With {@code variants}, also ftfy's "utf-8-variants": Java's
 * {@code C0 80} for U+0000 and CESU-8 (a surrogate pair encoded as two 3-byte sequences).
 */
final class Utf8Reader {

    private Utf8Reader() {
    }

    /** The decoded text, or null when the bytes are not (variant) UTF-8. */
    static MappedText decode(MappedText bytes, boolean variants) {
        MappedText.Builder out = bytes.builder();
        int n = bytes.length();
        int i = 0;
        while (i < n) {
            int b0 = bytes.charAt(i);
            int length;
            int cp;
            if (b0 < 0x80) {
                length = 1;
                cp = b0;
            } else if (variants && b0 == 0xC0 && i + 1 < n && bytes.charAt(i + 1) == 0x80) {
                length = 2;
                cp = 0;
            } else if (variants && isCesu8Pair(bytes, i)) {
                length = 6;
                cp = 0x10000 + ((bytes.charAt(i + 1) & 0x0F) << 16) + ((bytes.charAt(i + 2) & 0x3F) << 10)
                        + ((bytes.charAt(i + 4) & 0x0F) << 6) + (bytes.charAt(i + 5) & 0x3F);
            } else if (b0 >= 0xC2 && b0 <= 0xDF) {
                length = 2;
                if (!continuation(bytes, i + 1, 0x80, 0xBF)) {
                    return null;
                }
                cp = ((b0 & 0x1F) << 6) | (bytes.charAt(i + 1) & 0x3F);
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                length = 3;
                int low = b0 == 0xE0 ? 0xA0 : 0x80;
                int high = b0 == 0xED ? 0x9F : 0xBF;
                if (!continuation(bytes, i + 1, low, high) || !continuation(bytes, i + 2, 0x80, 0xBF)) {
                    return null;
                }
                cp = ((b0 & 0x0F) << 12) | ((bytes.charAt(i + 1) & 0x3F) << 6) | (bytes.charAt(i + 2) & 0x3F);
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                length = 4;
                int low = b0 == 0xF0 ? 0x90 : 0x80;
                int high = b0 == 0xF4 ? 0x8F : 0xBF;
                if (!continuation(bytes, i + 1, low, high) || !continuation(bytes, i + 2, 0x80, 0xBF)
                        || !continuation(bytes, i + 3, 0x80, 0xBF)) {
                    return null;
                }
                cp = ((b0 & 0x07) << 18) | ((bytes.charAt(i + 1) & 0x3F) << 12)
                        | ((bytes.charAt(i + 2) & 0x3F) << 6) | (bytes.charAt(i + 3) & 0x3F);
            } else {
                return null;
            }
            if (length == 1) {
                out.copy(bytes, i, i + 1);
            } else {
                out.replace(bytes, i, i + length, Character.toString(cp));
            }
            i += length;
        }
        return out.build();
    }

    /** ED A0-AF 80-BF ED B0-BF 80-BF: a high and a low surrogate, each UTF-8 encoded. */
    private static boolean isCesu8Pair(MappedText bytes, int i) {
        return i + 5 < bytes.length()
                && bytes.charAt(i) == 0xED && continuation(bytes, i + 1, 0xA0, 0xAF)
                && continuation(bytes, i + 2, 0x80, 0xBF)
                && bytes.charAt(i + 3) == 0xED && continuation(bytes, i + 4, 0xB0, 0xBF)
                && continuation(bytes, i + 5, 0x80, 0xBF);
    }

    private static boolean continuation(MappedText bytes, int index, int low, int high) {
        if (index >= bytes.length()) {
            return false;
        }
        int b = bytes.charAt(index);
        return b >= low && b <= high;
    }
}
