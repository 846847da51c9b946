/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * Where a model's input crop came from: the original image was resized (short side to the
 * model's size) to {@code resizedWidth x resizedHeight}, then a {@code cropWidth x cropHeight}
 * window at ({@code cropX}, {@code cropY}) of the resized image was kept. Maps boxes and
 * heatmaps between original pixels and the crop.
 */
public record CropGeometry(int originalWidth, int originalHeight,
                           int resizedWidth, int resizedHeight,
                           int cropX, int cropY, int cropWidth, int cropHeight) {

    public CropGeometry {
        if (originalWidth <= 0 || originalHeight <= 0 || resizedWidth <= 0 || resizedHeight <= 0
                || cropWidth <= 0 || cropHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
    }

    /** Original-pixel x of a crop x coordinate (continuous; pixel centres at +0.5). */
    public double cropToOriginalX(double x) {
        return (x + cropX) * originalWidth / (double) resizedWidth;
    }

    public double cropToOriginalY(double y) {
        return (y + cropY) * originalHeight / (double) resizedHeight;
    }

    public double originalToCropX(double x) {
        return x * resizedWidth / (double) originalWidth - cropX;
    }

    public double originalToCropY(double y) {
        return y * resizedHeight / (double) originalHeight - cropY;
    }
}
