/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Text tokenizers behind {@link dev.duet.tokenizer.Tokenizer}, each giving an
 * {@link dev.duet.tokenizer.Encoding}: every position of the text tower's input with its
 * {@link dev.duet.tokenizer.Encoding.Role} and the range of the caller's original string it came
 * from, carried through each cleaning step by {@code MappedText}. CLIP's, exactly as OpenAI's
 * {@code clip.tokenize}: ftfy-style text repair ({@link dev.duet.tokenizer.TextFixer}), CLIP's
 * cleaning, word splitting and byte-level BPE from a checkpoint's {@code vocab.json} and
 * {@code merges.txt} ({@link dev.duet.tokenizer.ClipTokenizer}). The SigLIP family's
 * ({@link dev.duet.tokenizer.SentencePieceTokenizer}): SigLIP's
 * ({@link dev.duet.tokenizer.SiglipTokenizer}) or SigLIP 2's Gemma tokenizer
 * ({@link dev.duet.tokenizer.GemmaTokenizer}), each its library's own text preparation segmented by
 * {@link dev.duet.tokenizer.sentencepiece.SentencePieceModel}, padded to the tower's length.
 * BERT's ({@link dev.duet.tokenizer.WordPieceTokenizer}): Google's basic tokenisation
 * ({@code BertTextPreparation}) and greedy WordPiece over a {@code vocab.txt}.
 *
 * <p>Depends only on the JDK, Jackson's streaming parser, {@code dev.duet.BadInputException} and
 * {@code dev.duet.tokenizer.sentencepiece};
 * the model packages depend on it, never the reverse.
 */
package dev.duet.tokenizer;
