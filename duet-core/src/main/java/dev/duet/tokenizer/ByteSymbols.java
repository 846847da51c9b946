/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2/CLIP's reversible byte-to-char table ({@code bytes_to_unicode}): BPE works on
 * strings of printable chars, one per UTF-8 byte. Printable Latin-1 bytes ('!'..'~',
 * '¡'..'¬', '®'..'ÿ') stand for themselves; the 68 others (controls, space, U+A0, soft
 * hyphen) map, in byte order, to U+0100, U+0101, ... so space becomes 'Ġ'.
 */
final class ByteSymbols {

    /** CLIP marks the last symbol of a word with this suffix. */
    static final String END_OF_WORD = "</w>";

    private static final char[] SYMBOL_OF_BYTE = new char[256];
    private static final int[] BYTE_OF_SYMBOL = new int[512];

    static {
        java.util.Arrays.fill(BYTE_OF_SYMBOL, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char symbol = printable ? (char) b : (char) next++;
            SYMBOL_OF_BYTE[b] = symbol;
            BYTE_OF_SYMBOL[symbol] = b;
        }
    }

    private ByteSymbols() {
    }

    static char symbol(int unsignedByte) {
        return SYMBOL_OF_BYTE[unsignedByte];
    }

    /**
     * Readable text of a vocabulary piece: the end-of-word mark dropped, symbols turned back
     * into bytes, bytes decoded as UTF-8 (an incomplete char becomes U+FFFD). Chars that are
     * not byte symbols (special tokens such as "&lt;|endoftext|&gt;") are kept as they are.
     */
    static String decode(String piece) {
        String body = piece.endsWith(END_OF_WORD) ? piece.substring(0, piece.length() - END_OF_WORD.length()) : piece;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            int b = c < BYTE_OF_SYMBOL.length ? BYTE_OF_SYMBOL[c] : -1;
            if (b < 0) {
                return piece;
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
