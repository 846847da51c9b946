/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

/**
 * One transformer block's weights: pre-LN ({@link TransformerBlock}: {@code x += Attn(LN1(x))},
 * {@code x += MLP(LN2(x))}) or post-LN ({@link PostNormBlock}: {@code x = LN1(x + Attn(x))},
 * {@code x = LN2(x + MLP(x))}).
 * Q, K and V are fused so that one product serves all three. D = width, I = intermediate.
 */
public record BlockWeights(
        float[] norm1Gain, float[] norm1Bias,   // [D]
        float[] qkvWeight,                      // [3D][D], rows Q then K then V
        float[] qkvBias,                        // [3D]
        float[] outWeight, float[] outBias,     // [D][D], [D]
        float[] norm2Gain, float[] norm2Bias,   // [D]
        float[] fc1Weight, float[] fc1Bias,     // [I][D], [I]
        float[] fc2Weight, float[] fc2Bias) {   // [D][I], [D]

    /** Every parameter array, in a fixed order (for optimisers and checksums). */
    public float[][] parameters() {
        return new float[][] {norm1Gain, norm1Bias, qkvWeight, qkvBias, outWeight, outBias,
                norm2Gain, norm2Bias, fc1Weight, fc1Bias, fc2Weight, fc2Bias};
    }
}
