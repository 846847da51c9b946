/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.TextWeights;

import java.util.List;

/**
 * Gradients of a scalar loss by every parameter of a dual encoder, in the shapes of
 * {@link ModelParameters}; the backward passes accumulate into these arrays.
 */
public sealed interface ModelGradients permits ClipGradients, SiglipGradients {

    TextWeights text();

    /** The image tower's arrays, as its trainer accumulates into them. */
    VisionTowerTrainer.Gradients visionTower();

    /** [1] */
    float[] logitScale();

    /** [1], or null for a model without a logit bias (CLIP). */
    float[] logitBias();

    /** Every gradient array, entry i belonging to entry i of {@link ModelParameters#tensors()}. */
    List<ParameterTensor> tensors();
}
