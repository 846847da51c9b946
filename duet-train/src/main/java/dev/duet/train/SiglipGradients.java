/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.TextWeights;
import dev.duet.model.layer.ProbePooling;

import java.util.List;

/** Gradients by every parameter of a SigLIP dual encoder: a {@link SiglipParameters} of zeros that the backward passes fill. */
public final class SiglipGradients implements ModelGradients {

    private final SiglipParameters arrays;

    SiglipGradients(SiglipParameters arrays) {
        this.arrays = arrays;
    }

    @Override
    public TextWeights text() {
        return arrays.text();
    }

    @Override
    public VisionTowerTrainer.Gradients visionTower() {
        ProbePooling p = arrays.head();
        ProbePooling.Gradients probe = new ProbePooling.Gradients(p.postGain(), p.postBias(), p.probe(), p.inWeight(),
                p.inBias(), p.outWeight(), p.outBias(), p.normGain(), p.normBias(), p.fc1Weight(), p.fc1Bias(),
                p.fc2Weight(), p.fc2Bias());
        return new VisionTowerTrainer.Gradients(arrays.embedding().kernel(), arrays.embedding().kernelBias(), null,
                arrays.embedding().positions(), null, null, arrays.visionBlocks(), null, null, null, probe);
    }

    @Override
    public float[] logitScale() {
        return arrays.logitScaleArray();
    }

    @Override
    public float[] logitBias() {
        return arrays.logitBiasArray();
    }

    @Override
    public List<ParameterTensor> tensors() {
        return arrays.tensors();
    }
}
