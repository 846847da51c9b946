/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

/**
 * One token of an {@link Encoding}: its vocabulary id, its vocabulary piece (e.g.
 * "red&lt;/w&gt;", "&lt;|startoftext|&gt;") and the range [start, end) of UTF-16 chars of the
 * caller's original string it came from. BOS has the empty range at 0 and EOS the empty
 * range at the text's end; a piece holding only the tail bytes of a char split by BPE has an
 * empty range at that char's end.
 *
 * @param id    the vocabulary id
 * @param piece the vocabulary piece
 * @param start the first UTF-16 char of the original string it came from
 * @param end   the char after the last ({@code start} for an empty range)
 */
public record Token(int id, String piece, int start, int end) {

    /**
     * Checks the range.
     *
     * @throws IllegalArgumentException if the piece is null or the range is negative or backwards
     */
    public Token {
        if (piece == null || start < 0 || end < start) {
            throw new IllegalArgumentException("bad token " + id + " [" + start + ", " + end + ")");
        }
    }
}
