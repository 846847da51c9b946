/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * The centre crop's window on an RGB image ({@link PreprocessingPipeline#cropOffset} places it):
 * pixels of the window outside the image are black, as torchvision's and transformers' zero padding makes them.
 */
public final class CenterCrop {

    private CenterCrop() {
    }

    /** The {@code width x height} window at ({@code x}, {@code y}); pixels outside the image are black. */
    public static RgbImage apply(RgbImage image, int x, int y, int width, int height) {
        return DecodedImage.of(image).crop(x, y, width, height).toRgb();
    }
}
