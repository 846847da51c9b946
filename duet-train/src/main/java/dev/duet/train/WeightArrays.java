/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.ClipConfig;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionWeights;

import java.util.ArrayList;
import java.util.List;

/** Allocation and deep copies of the weight records, for parameters, gradients and optimiser moments alike. */
final class WeightArrays {

    private WeightArrays() {
    }

    static TextWeights zeroText(ClipConfig config) {
        return zeroText(config.text(), config.projectionDim(), false);
    }

    /** A text tower's arrays of zeros; {@code headBias}: with the head's bias [P] (SigLIP's). */
    static TextWeights zeroText(ClipConfig.Text t, int projectionDim, boolean headBias) {
        int d = t.width();
        return new TextWeights(new float[Math.multiplyExact(t.vocabSize(), d)], new float[t.contextLength() * d],
                zeroBlocks(t.layers(), d, t.intermediate()), new float[d], new float[d],
                new float[projectionDim * d], headBias ? new float[projectionDim] : null);
    }

    static VisionWeights zeroVision(ClipConfig config) {
        ClipConfig.Vision v = config.vision();
        int d = v.width();
        int kernel = v.channels() * v.patchSize() * v.patchSize();
        return new VisionWeights(new float[d * kernel], new float[d], new float[v.rows() * d], new float[d], new float[d],
                zeroBlocks(v.layers(), d, v.intermediate()), new float[d], new float[d],
                new float[config.projectionDim() * d]);
    }

    static List<BlockWeights> zeroBlocks(int layers, int d, int i) {
        List<BlockWeights> blocks = new ArrayList<>(layers);
        for (int b = 0; b < layers; b++) {
            blocks.add(new BlockWeights(new float[d], new float[d], new float[3 * d * d], new float[3 * d],
                    new float[d * d], new float[d], new float[d], new float[d],
                    new float[i * d], new float[i], new float[d * i], new float[d]));
        }
        return List.copyOf(blocks);
    }

    static TextWeights copy(TextWeights w) {
        return new TextWeights(w.tokenEmbedding().clone(), w.positionEmbedding().clone(), copy(w.blocks()),
                w.finalNormGain().clone(), w.finalNormBias().clone(), w.projection().clone(),
                w.projectionBias() == null ? null : w.projectionBias().clone());
    }

    static VisionWeights copy(VisionWeights w) {
        return new VisionWeights(w.patchWeight().clone(), w.classEmbedding().clone(), w.positionEmbedding().clone(),
                w.preNormGain().clone(), w.preNormBias().clone(), copy(w.blocks()), w.postNormGain().clone(),
                w.postNormBias().clone(), w.projection().clone());
    }

    static List<BlockWeights> copy(List<BlockWeights> blocks) {
        List<BlockWeights> copies = new ArrayList<>(blocks.size());
        for (BlockWeights w : blocks) {
            copies.add(new BlockWeights(w.norm1Gain().clone(), w.norm1Bias().clone(), w.qkvWeight().clone(),
                    w.qkvBias().clone(), w.outWeight().clone(), w.outBias().clone(), w.norm2Gain().clone(),
                    w.norm2Bias().clone(), w.fc1Weight().clone(), w.fc1Bias().clone(), w.fc2Weight().clone(),
                    w.fc2Bias().clone()));
        }
        return List.copyOf(copies);
    }
}
