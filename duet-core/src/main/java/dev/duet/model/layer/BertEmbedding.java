/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Parallel;

/**
 * BERT's input (transformers' {@code BertEmbeddings}): {@code LN(word[id] + position[r] +
 * tokenType[0])}, ids [B][T] -> x [B][T][D]. A sentence encoder's input is one segment, so every
 * token has type 0. The word and position sum is {@link TokenEmbedding}'s; like it, this layer
 * has no tangent or cotangent (explanations start above it).
 */
public record BertEmbedding(TokenEmbedding tokens,
                            float[] tokenType,             // [types][D]; row 0 is added
                            float[] normGain, float[] normBias, // [D]
                            float eps) {

    /** x [B][T][D] for ids [B][T] checked by {@code tokens().tokens}. */
    public float[] forward(Parallel parallel, int[] ids, int rows) {
        int d = tokens.width();
        float[] x = tokens.forward(ids, rows);
        for (int at = 0; at < ids.length; at++) {
            for (int i = 0; i < d; i++) {
                x[at * d + i] += tokenType[i];
            }
        }
        LayerNorm.forward(parallel, x, x, normGain, normBias, ids.length, d, eps, null, null);
        return x;
    }
}
