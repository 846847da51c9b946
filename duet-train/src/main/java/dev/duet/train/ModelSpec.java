/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.tensor.Activation;

/**
 * The sizes of a fresh CLIP dual encoder to train from scratch. MLPs are 4x wide, activations
 * QuickGELU, LayerNorm eps 1e-5, text pooled at the first EOS, as in OpenAI's CLIP.
 *
 * @param vocabSize token ids are in [0, vocabSize); a truncated BPE vocabulary keeps the embedding small
 * @param contextLength the longest caption in tokens, BOS and EOS included
 */
public record ModelSpec(int vocabSize, int contextLength, int bosTokenId, int eosTokenId,
                        int textWidth, int textLayers, int textHeads,
                        int visionWidth, int visionLayers, int visionHeads, int imageSize, int patchSize,
                        int projectionDim) {

    /** {@code ln(1 / 0.07)}: CLIP's initial temperature. */
    public static final float INITIAL_LOGIT_SCALE = (float) Math.log(1 / 0.07);

    public ModelSpec {
        if (bosTokenId < 0 || bosTokenId >= vocabSize || eosTokenId < 0 || eosTokenId >= vocabSize) {
            throw new IllegalArgumentException("BOS " + bosTokenId + " and EOS " + eosTokenId
                    + " must be ids inside the vocabulary of " + vocabSize);
        }
        config(vocabSize, contextLength, bosTokenId, eosTokenId, textWidth, textLayers, textHeads, visionWidth,
                visionLayers, visionHeads, imageSize, patchSize, projectionDim);
    }

    /**
     * The small model Duet trains on two cores: text 128 wide, 4 layers, 4 heads; vision 128 wide,
     * 4 layers, 4 heads, 64 px images in 8 px patches (an 8x8 grid); projection 128.
     */
    public static ModelSpec small(int vocabSize, int bosTokenId, int eosTokenId) {
        return new ModelSpec(vocabSize, 32, bosTokenId, eosTokenId, 128, 4, 4, 128, 4, 4, 64, 8, 128);
    }

    /** The same vocabulary with another shape: towers {@code width} wide, heads of 32 channels. */
    public ModelSpec withShape(int width, int textLayers, int visionLayers, int imageSize, int patchSize) {
        if (width < 32 || width % 32 != 0) {
            throw new IllegalArgumentException("width must be a positive multiple of 32, got " + width);
        }
        return new ModelSpec(vocabSize, contextLength, bosTokenId, eosTokenId, width, textLayers, width / 32,
                width, visionLayers, width / 32, imageSize, patchSize, width);
    }

    /** The architecture as a checkpoint config (validated by {@link ClipConfig}). */
    public ClipConfig toConfig() {
        return config(vocabSize, contextLength, bosTokenId, eosTokenId, textWidth, textLayers, textHeads, visionWidth,
                visionLayers, visionHeads, imageSize, patchSize, projectionDim);
    }

    private static ClipConfig config(int vocabSize, int contextLength, int bosTokenId, int eosTokenId,
                                     int textWidth, int textLayers, int textHeads,
                                     int visionWidth, int visionLayers, int visionHeads, int imageSize, int patchSize,
                                     int projectionDim) {
        ClipConfig.Text text = new ClipConfig.Text(textWidth, 4 * textWidth, textHeads, textLayers, contextLength,
                vocabSize, Activation.QUICK_GELU, 1e-5f, bosTokenId, eosTokenId, ClipConfig.TextPooling.FIRST_EOS);
        ClipConfig.Vision vision = new ClipConfig.Vision(visionWidth, 4 * visionWidth, visionHeads, visionLayers,
                imageSize, patchSize, 3, Activation.QUICK_GELU, 1e-5f);
        return new ClipConfig(text, vision, projectionDim, INITIAL_LOGIT_SCALE);
    }
}
