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

    /** The caption as the text tower takes it: every input position, special ones and padding included. */
    Encoding encode(String text);

    /** The text tower's positions: no encoding is longer (SigLIP's are all this long). */
    int contextLength();

    /** Largest id + 1: the number of token embedding rows the model must have. */
    int vocabularySize();
}
