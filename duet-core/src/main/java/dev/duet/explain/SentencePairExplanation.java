/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.tokenizer.Encoding;

/**
 * The token-by-token attributions of two sentences' cosine: {@code interactions} [T_first][T_second],
 * row i the first sentence's token i, column j the second's token j, [CLS] and [SEP] included;
 * their sum is {@code completeness.sum()}, which equals the four-term target up to the quadrature
 * error (docs/method.md §2).
 *
 * @param similarity the cosine of the two sentence embeddings
 * @param seconds    wall time of the explanation
 */
public record SentencePairExplanation(Encoding first, Encoding second, float[] interactions, double similarity,
                                      Completeness completeness, PathIntegral firstIntegral, PathIntegral secondIntegral,
                                      ExplainOptions options, double seconds) {

    public SentencePairExplanation {
        if (interactions.length != first.size() * second.size()) {
            throw new IllegalArgumentException(interactions.length + " interactions for " + first.size() + " x "
                    + second.size() + " tokens");
        }
    }

    /** Entry (i, j): token i of the first sentence with token j of the second. */
    public float interaction(int i, int j) {
        return interactions[i * second.size() + j];
    }
}
