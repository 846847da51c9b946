/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.TextWeights;
import dev.duet.model.VisionEncoder;

import java.util.List;

/**
 * Gradients of a scalar loss by every parameter of a dual encoder: a {@link ModelParameters} of the
 * same family and shapes, all zero at first ({@link ModelParameters#zeroGradients()}), whose arrays
 * the backward passes accumulate into, each layer's gradient held as that layer.
 */
public final class ModelGradients {

    private final ModelParameters arrays;

    ModelGradients(ModelParameters zeros) {
        this.arrays = zeros;
    }

    /** The gradients as the family's parameters: CLIP's, say, name its vision tower's arrays. */
    public ModelParameters arrays() {
        return arrays;
    }

    public TextWeights text() {
        return arrays.text();
    }

    /** The image tower's layers over the gradient arrays, as its trainer accumulates into them. */
    VisionEncoder visionTower() {
        return arrays.visionEncoder();
    }

    /** [1] */
    float[] logitScale() {
        return switch (arrays) {
            case ClipParameters clip -> clip.logitScaleArray();
            case SiglipParameters siglip -> siglip.logitScaleArray();
        };
    }

    /** [1], or null for a model without a logit bias (CLIP). */
    float[] logitBias() {
        return arrays instanceof SiglipParameters siglip ? siglip.logitBiasArray() : null;
    }

    /** Every gradient array, entry i belonging to entry i of {@link ModelParameters#tensors()}. */
    public List<ParameterTensor> tensors() {
        return arrays.tensors();
    }
}
