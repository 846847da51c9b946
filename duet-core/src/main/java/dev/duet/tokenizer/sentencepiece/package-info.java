/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * SentencePiece in pure Java, exact against the C++ library (0.1.97): a defensive reader of the
 * {@code .model} file (a serialized {@code ModelProto}: {@link dev.duet.tokenizer.sentencepiece.ProtoReader}
 * checks every varint, length and offset), the normaliser (the precompiled character map, a
 * Darts-clone double-array trie, applied longest-match; whitespace rules; the map from
 * normalised bytes back to the caller's chars), unigram segmentation by Viterbi and BPE
 * segmentation by merge score, byte fallback and unknown-piece handling
 * ({@link dev.duet.tokenizer.sentencepiece.SentencePieceModel} is the entry point).
 *
 * <p>Depends only on the JDK, {@code dev.duet.BadInputException}, {@code dev.duet.InputFiles},
 * {@code dev.duet.AtomicFiles} and the record {@link dev.duet.tokenizer.Token} (so that a
 * SentencePiece token is the same value as a CLIP one); a model's own text preparation
 * (SigLIP's) lives in {@code dev.duet.tokenizer}, which depends on this package.
 */
package dev.duet.tokenizer.sentencepiece;
