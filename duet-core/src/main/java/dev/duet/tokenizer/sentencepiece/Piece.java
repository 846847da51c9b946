/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

/** One vocabulary entry: its text (U+2581 for a space), its score (a log probability for unigram, the merge rank for BPE) and its type. */
public record Piece(String text, float score, PieceType type) {
}
