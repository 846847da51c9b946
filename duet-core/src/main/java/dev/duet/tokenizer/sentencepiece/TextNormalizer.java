/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import java.util.Arrays;

/**
 * SentencePiece's {@code Normalizer::Normalize} on UTF-8 bytes: at each position a user-defined
 * piece passes unchanged, else the character map's longest key is replaced by its string, else
 * one char is kept (a malformed byte becomes U+FFFD); leading, trailing and repeated spaces are
 * dropped (remove_extra_whitespaces), a space is added in front (add_dummy_prefix, or behind
 * with treat_whitespace_as_suffix), and spaces become U+2581 (escape_whitespaces). Each output
 * byte remembers the input byte offset it was produced at.
 */
final class TextNormalizer {

    static final byte[] SPACE_SYMBOL = {(byte) 0xE2, (byte) 0x96, (byte) 0x81}; // U+2581

    private final NormalizerSpec spec;
    private final CharsMap charsMap;       // null for the identity normaliser
    private final PieceTrie userDefined;   // null when the model has no user-defined pieces
    private final boolean whitespaceAsSuffix;

    TextNormalizer(NormalizerSpec spec, CharsMap charsMap, PieceTrie userDefined, boolean whitespaceAsSuffix) {
        this.spec = spec;
        this.charsMap = charsMap;
        this.userDefined = userDefined;
        this.whitespaceAsSuffix = whitespaceAsSuffix;
    }

    /**
     * Normalised text: {@code bytes} and, for each of its byte offsets and its end,
     * {@code toOriginal[i]}, the input byte offset it stems from ({@code length + 1} entries;
     * empty when the text is empty).
     */
    record Normalized(byte[] bytes, int[] toOriginal) {
    }

    private static final Normalized EMPTY = new Normalized(new byte[0], new int[0]);

    /** One step of {@code NormalizePrefix}: output bytes {@code source[from, from + length)} for {@code consumed} input bytes. */
    private static final class Prefix {
        byte[] source;
        int from;
        int length;
        int consumed;
        final int[] replacement = new int[1]; // the character map's answer

        boolean isSingleSpace() {
            return length == 1 && source[from] == ' ';
        }
    }

    Normalized normalize(byte[] input) {
        int n = input.length;
        if (n == 0) {
            return EMPTY;
        }
        Prefix p = new Prefix();
        int pos = 0;
        if (spec.removeExtraWhitespaces()) {
            while (pos < n) {
                prefix(input, pos, p);
                if (!p.isSingleSpace()) {
                    break;
                }
                pos += p.consumed;
            }
        }
        if (pos == n) {
            return EMPTY;
        }
        Output out = new Output(Math.multiplyExact(n - pos, 3) + 4);
        int consumed = pos;
        if (!whitespaceAsSuffix && spec.addDummyPrefix()) {
            addSpace(out, consumed);
        }
        boolean previousIsSpace = spec.removeExtraWhitespaces();
        while (pos < n) {
            prefix(input, pos, p);
            int i = p.from;
            int end = p.from + p.length;
            // a replacement's leading spaces are dropped after a space
            while (previousIsSpace && i < end && p.source[i] == ' ') {
                i++;
            }
            if (i < end) {
                for (int k = i; k < end; k++) {
                    if (spec.escapeWhitespaces() && p.source[k] == ' ') {
                        out.add(SPACE_SYMBOL, consumed);
                    } else {
                        out.add(p.source[k], consumed);
                    }
                }
                previousIsSpace = p.source[end - 1] == ' ';
            }
            consumed += p.consumed;
            pos += p.consumed;
            if (!spec.removeExtraWhitespaces()) {
                previousIsSpace = false;
            }
        }
        if (spec.removeExtraWhitespaces()) {
            byte[] space = spec.escapeWhitespaces() ? SPACE_SYMBOL : new byte[] {' '};
            while (out.endsWith(space)) {
                int length = out.size - space.length;
                consumed = out.toOriginal[length];
                out.size = length;
            }
        }
        if (whitespaceAsSuffix && spec.addDummyPrefix()) {
            addSpace(out, consumed);
        }
        out.grow(1);
        out.toOriginal[out.size] = consumed;
        return new Normalized(Arrays.copyOf(out.bytes, out.size), Arrays.copyOf(out.toOriginal, out.size + 1));
    }

    private void addSpace(Output out, int consumed) {
        if (spec.escapeWhitespaces()) {
            out.add(SPACE_SYMBOL, consumed);
        } else {
            out.add((byte) ' ', consumed);
        }
    }

    /** {@code Normalizer::NormalizePrefix} at {@code input[pos]}. */
    private void prefix(byte[] input, int pos, Prefix p) {
        int n = input.length;
        if (userDefined != null) {
            int length = userDefined.longestPrefix(input, pos, n);
            if (length > 0) {
                set(p, input, pos, length, length);
                return;
            }
        }
        if (charsMap != null) {
            int length = charsMap.longestMatch(input, pos, n, p.replacement);
            if (length > 0) {
                int at = p.replacement[0];
                set(p, charsMap.strings(), at, charsMap.replacementLength(at), length);
                return;
            }
        }
        int length = Utf8.validCharLength(input, pos, n);
        if (length == 0) {
            set(p, Utf8.REPLACEMENT, 0, Utf8.REPLACEMENT.length, 1);
        } else {
            set(p, input, pos, length, length);
        }
    }

    private static void set(Prefix p, byte[] source, int from, int length, int consumed) {
        p.source = source;
        p.from = from;
        p.length = length;
        p.consumed = consumed;
    }

    /** A growing byte buffer whose every byte carries an input offset. */
    private static final class Output {
        byte[] bytes;
        int[] toOriginal;
        int size;

        Output(int capacity) {
            bytes = new byte[capacity];
            toOriginal = new int[capacity + 1];
        }

        void grow(int extra) {
            int need = Math.addExact(size, extra);
            if (need >= bytes.length) {
                int capacity = Math.max(need + 1, Math.multiplyExact(bytes.length, 2));
                bytes = Arrays.copyOf(bytes, capacity);
                toOriginal = Arrays.copyOf(toOriginal, capacity + 1);
            }
        }

        void add(byte b, int original) {
            grow(1);
            bytes[size] = b;
            toOriginal[size] = original;
            size++;
        }

        void add(byte[] b, int original) {
            for (byte x : b) {
                add(x, original);
            }
        }

        boolean endsWith(byte[] suffix) {
            if (size < suffix.length) {
                return false;
            }
            for (int i = 0; i < suffix.length; i++) {
                if (bytes[size - suffix.length + i] != suffix[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
