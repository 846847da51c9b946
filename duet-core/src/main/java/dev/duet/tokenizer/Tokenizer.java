/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

/**
 * A model family's text tokenizer: a caption in, the text tower's input out, each token with its
 * range of the caption's characters (so that spans select tokens the same way for every family).
 * Thread-safe.
 */
public sealed interface Tokenizer permits ClipTokenizer, SentencePieceTokenizer, WordPieceTokenizer {

    /**
     * {@return the caption as the text tower takes it: every input position, special ones and padding included,
     * cut to {@link #contextLength()}}
     *
     * @param text any text, not null
     */
    Encoding encode(String text);

    /** {@return the text tower's positions: no encoding is longer (SigLIP's are all this long)} */
    int contextLength();

    /** {@return largest id + 1: the number of token embedding rows the model must have} */
    int vocabularySize();
}
