/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

/**
 * The architecture of CLIP's ResNet image tower ({@code ModifiedResNet}): bottlenecks per stage
 * ({@code layers}, e.g. 3, 4, 6, 3 for RN50), the stem width W (stage i has planes W * 2^i and
 * outputs 4 W 2^i channels; the last map has 32 W), the attention pool's heads, the input side
 * and the embedding width.
 */
public record ResNetConfig(int[] layers, int width, int heads, int imageSize, int outputDim)
        implements ClipConfig.ImageConfig {

    public ResNetConfig {
        if (layers.length != 4) {
            throw new IllegalArgumentException("a CLIP ResNet has 4 stages, config lists " + layers.length);
        }
        for (int blocks : layers) {
            if (blocks < 1 || blocks > ClipConfig.MAX_LAYERS) {
                throw new IllegalArgumentException("blocks per stage must be in 1.." + ClipConfig.MAX_LAYERS);
            }
        }
        if (width < 2 || width % 2 != 0 || 32L * width > ClipConfig.MAX_WIDTH) {
            throw new IllegalArgumentException("ResNet width must be even and at most " + ClipConfig.MAX_WIDTH / 32
                    + ", got " + width);
        }
        if (imageSize < 32 || imageSize % 32 != 0 || imageSize > ClipConfig.MAX_IMAGE_SIZE) {
            throw new IllegalArgumentException("ResNet image size must be a multiple of 32 up to "
                    + ClipConfig.MAX_IMAGE_SIZE + ", got " + imageSize);
        }
        if (heads < 1 || (32 * width) % heads != 0 || outputDim < 1 || outputDim > ClipConfig.MAX_WIDTH) {
            throw new IllegalArgumentException("attention pool of " + 32 * width + " channels cannot have " + heads
                    + " heads and output " + outputDim);
        }
        layers = layers.clone();
    }

    /** Channels of the last map, the attention pool's width. */
    public int featureWidth() {
        return 32 * width;
    }

    /** Side of the map after stage {@code stage} (0 = the stem, 1..4 = layer1..layer4). */
    public int mapSize(int stage) {
        return imageSize / (4 << Math.max(0, stage - 1));
    }

    /** Channels of the map after stage {@code stage}. */
    public int channels(int stage) {
        return stage == 0 ? width : 4 * width << (stage - 1);
    }
}
