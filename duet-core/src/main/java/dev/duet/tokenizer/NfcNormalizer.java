/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.text.Normalizer;

/**
 * NFC normalisation that keeps original spans. The text is cut before every code point that
 * can never combine with what precedes it (anything but a mark or a Hangul vowel/final
 * jamo); NFC of the whole equals the concatenation of NFC of the pieces, so each piece is
 * normalised alone and, when it changes, its output spans the piece's original range.
 */
final class NfcNormalizer {

    private NfcNormalizer() {
    }

    static MappedText normalize(MappedText text) {
        String s = text.text();
        if (Normalizer.isNormalized(s, Normalizer.Form.NFC)) {
            return text;
        }
        MappedText.Builder out = text.builder();
        int pieceStart = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            int pieceEnd = next;
            while (pieceEnd < s.length() && joinsPrevious(s.codePointAt(pieceEnd))) {
                pieceEnd += Character.charCount(s.codePointAt(pieceEnd));
            }
            String piece = s.substring(pieceStart, pieceEnd);
            String normal = Normalizer.normalize(piece, Normalizer.Form.NFC);
            if (normal.equals(piece)) {
                out.copy(text, pieceStart, pieceEnd);
            } else {
                out.replace(text, pieceStart, pieceEnd, normal);
            }
            pieceStart = pieceEnd;
            i = pieceEnd;
        }
        return out.build();
    }

    /** Whether NFC may combine or reorder this code point with the one before it. */
    private static boolean joinsPrevious(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK || (cp >= 0x1160 && cp <= 0x11FF);
    }
}
