/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * EfficientNet's stem: {@code silu(bn(conv(x)))}, a strided 3x3 {@link ConvNorm} over the CHW
 * images (as channel-last maps), padded as the checkpoint's model pads (transformers: one row
 * and column of zeros at the bottom and right, then a "valid" convolution of stride 2). An
 * explanation cuts the tower at or above its output, so only its forward is needed.
 */
public record EfficientNetStem(ConvNorm conv, int imageSize) {

    /** Side of the map it outputs. */
    public int outSize() {
        return conv.shape(imageSize, imageSize).outHeight();
    }

    /** The output maps [B][S'][S'][C] of a batch of CHW images. */
    public float[] forward(Parallel parallel, List<float[]> images) {
        float[] x = ResNetStem.channelLast(images, imageSize);
        return MBConv.silu(parallel, conv.forward(parallel, x, images.size(), imageSize, imageSize).output());
    }
}
