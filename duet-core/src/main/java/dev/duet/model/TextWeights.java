/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import java.util.List;

/** The text tower's parameters. V = vocabulary, C = context length, D = width, P = projection dim. */
public record TextWeights(
        float[] tokenEmbedding,       // [V][D]
        float[] positionEmbedding,    // [C][D]
        List<BlockWeights> blocks,
        float[] finalNormGain, float[] finalNormBias,   // [D]
        float[] projection,           // [P][D]
        float[] projectionBias) {     // [P] (SigLIP's head), or null (CLIP)

    /** CLIP's text tower: a projection without bias. */
    public TextWeights(float[] tokenEmbedding, float[] positionEmbedding, List<BlockWeights> blocks, float[] finalNormGain,
                       float[] finalNormBias, float[] projection) {
        this(tokenEmbedding, positionEmbedding, blocks, finalNormGain, finalNormBias, projection, null);
    }
}
