package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import java.util.List;

/** The text tower's parameters. V = vocabulary, C = context length, D = width, P = projection dim. */
public record TextWeights(
        float[] tokenEmbedding,       // [V][D]
        float[] positionEmbedding,    // [C][D]
        List<BlockWeights> blocks,
        float[] finalNormGain, float[] finalNormBias,   // [D]
        float[] projection) {         // [P][D], no bias
}
