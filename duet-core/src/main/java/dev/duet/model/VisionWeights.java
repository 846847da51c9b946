/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import java.util.List;

/**
 * The vision tower's parameters. D = width, p = patch size, R = 1 + grid^2 rows, P = projection dim.
 */
public record VisionWeights(
        float[] patchWeight,          // [D][3 * p * p]: the stride-p convolution, kernel flattened channel-major
        float[] classEmbedding,       // [D]
        float[] positionEmbedding,    // [R][D]
        float[] preNormGain, float[] preNormBias,     // [D]
        List<BlockWeights> blocks,
        float[] postNormGain, float[] postNormBias,   // [D]
        float[] projection)           // [P][D], no bias
        implements ClipWeights.ImageWeights {
}
