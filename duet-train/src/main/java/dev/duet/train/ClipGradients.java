/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionWeights;

import java.util.Arrays;
import java.util.List;

/**
 * Gradients of a scalar loss with respect to every parameter of a CLIP dual encoder: a mirror
 * of {@link dev.duet.model.ClipWeights} with the same shapes (Q/K/V fused as there). The
 * backward passes accumulate into these arrays.
 */
public final class ClipGradients implements ModelGradients {

    private final TextWeights text;
    private final VisionWeights vision;
    private final float[] logitScale;   // [1]
    private final List<ParameterTensor> tensors;

    private ClipGradients(ClipConfig config) {
        this.text = WeightArrays.zeroText(config);
        this.vision = WeightArrays.zeroVision(config);
        this.logitScale = new float[1];
        this.tensors = ParameterList.of(config, text, vision, logitScale);
    }

    public static ClipGradients zeros(ClipConfig config) {
        return new ClipGradients(config);
    }

    @Override
    public TextWeights text() {
        return text;
    }

    public VisionWeights vision() {
        return vision;
    }

    @Override
    public VisionTowerTrainer.Gradients visionTower() {
        return new VisionTowerTrainer.Gradients(vision.patchWeight(), null, vision.classEmbedding(),
                vision.positionEmbedding(), vision.preNormGain(), vision.preNormBias(), vision.blocks(),
                vision.postNormGain(), vision.postNormBias(), vision.projection(), null);
    }

    @Override
    public float[] logitBias() {
        return null;
    }

    @Override
    public float[] logitScale() {
        return logitScale;
    }

    @Override
    public List<ParameterTensor> tensors() {
        return tensors;
    }

    /** Zeroes every array. */
    public void clear() {
        for (ParameterTensor tensor : tensors) {
            Arrays.fill(tensor.values(), 0f);
        }
    }
}
