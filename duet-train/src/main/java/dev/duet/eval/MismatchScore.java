/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import dev.duet.data.SwapKind;

/**
 * A hard negative's swapped word set against the word it replaced, on the box of the object that
 * the true word describes: the sum of each word's span map over the object's covered patches (in
 * units of the similarity, as the interactions are). The paper reads a negative sum as mismatch
 * evidence: the swapped word lowers the similarity where the object is.
 *
 * @param kind which word was swapped (colour, shape or size)
 * @param trueWord the word of the true caption ("red")
 * @param swappedWord the word of the negative ("blue")
 * @param trueInBox the true word's interactions with the object's patches, explained with the true caption
 * @param swappedInBox the swapped word's interactions with the same patches, explained with the negative
 */
public record MismatchScore(int scene, SwapKind kind, String trueWord, String swappedWord, double trueInBox,
                            double swappedInBox) {
}
