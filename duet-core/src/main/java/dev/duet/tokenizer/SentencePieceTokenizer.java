/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.tokenizer.sentencepiece.SentencePieceModel;

/**
 * The SigLIP family's tokenizers: a SentencePiece model under a library's own text preparation,
 * every caption EOS-terminated and padded to the text tower's fixed length. SigLIP's
 * ({@link SiglipTokenizer}, transformers' {@code SiglipTokenizer} over {@code spiece.model}) or
 * SigLIP 2's ({@link GemmaTokenizer}, transformers' {@code GemmaTokenizer} over Gemma's
 * {@code tokenizer.model}).
 */
public sealed interface SentencePieceTokenizer extends Tokenizer permits SiglipTokenizer, GemmaTokenizer {

    /** The id that ends every caption: the config's {@code eos_token_id}. */
    int eosId();

    /** The id the caption is padded with up to {@link #contextLength()}. */
    int padId();

    /** The SentencePiece model as this tokenizer applies it. */
    SentencePieceModel model();
}
