/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.tokenizer.Token;

import java.util.List;

/**
 * The pieces of a text as SentencePiece's {@code Encode} gives them: no BOS or EOS. Each token's
 * range is in UTF-16 chars of {@link #text}: a piece that only normalisation produced (the
 * dummy-prefix space) has an empty range where it was inserted, and of the byte pieces of one
 * unknown char, all but the last have an empty range at the char's start.
 */
public record SentencePieceEncoding(String text, List<Token> tokens) {

    public SentencePieceEncoding {
        tokens = List.copyOf(tokens);
    }

    /** The ids, one per token (a fresh array). */
    public int[] ids() {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).id();
        }
        return ids;
    }
}
