/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

/**
 * The fields of {@code TrainerSpec} that encoding depends on, with SentencePiece's defaults for
 * absent ones. The special pieces are named by text, as SentencePiece looks them up.
 */
public record TrainerSpec(ModelType modelType, boolean byteFallback, boolean treatWhitespaceAsSuffix,
                          String unkPiece, String bosPiece, String eosPiece, String padPiece) {
}
