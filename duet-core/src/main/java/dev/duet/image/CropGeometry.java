/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * Where a model's input crop came from: the original image was resized (short side to the
 * model's size) to {@code resizedWidth x resizedHeight}, then a {@code cropWidth x cropHeight}
 * window at ({@code cropX}, {@code cropY}) of the resized image was kept. Maps boxes and
 * heatmaps between original pixels and the crop. Coordinates are continuous pixels: pixel
 * (x, y) covers [x, x + 1) x [y, y + 1), its centre at +0.5.
 *
 * @param originalWidth  the original image's width in pixels
 * @param originalHeight its height
 * @param resizedWidth   the width after resizing
 * @param resizedHeight  the height after resizing
 * @param cropX          the crop's left edge in the resized image (negative when the crop is padded)
 * @param cropY          its top edge
 * @param cropWidth      the crop's width: the model's input width
 * @param cropHeight     the crop's height
 */
public record CropGeometry(int originalWidth, int originalHeight,
                           int resizedWidth, int resizedHeight,
                           int cropX, int cropY, int cropWidth, int cropHeight) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if a width or height is not positive
     */
    public CropGeometry {
        if (originalWidth <= 0 || originalHeight <= 0 || resizedWidth <= 0 || resizedHeight <= 0
                || cropWidth <= 0 || cropHeight <= 0) {
            throw new IllegalArgumentException("sizes must be positive");
        }
    }

    /**
     * {@return the original image's x of a crop x}
     *
     * @param x a crop coordinate
     */
    public double cropToOriginalX(double x) {
        return (x + cropX) * originalWidth / (double) resizedWidth;
    }

    /**
     * {@return the original image's y of a crop y}
     *
     * @param y a crop coordinate
     */
    public double cropToOriginalY(double y) {
        return (y + cropY) * originalHeight / (double) resizedHeight;
    }

    /**
     * {@return the crop's x of an original image's x (outside [0, cropWidth) when cropped away)}
     *
     * @param x an original image's coordinate
     */
    public double originalToCropX(double x) {
        return x * resizedWidth / (double) originalWidth - cropX;
    }

    /**
     * {@return the crop's y of an original image's y (outside [0, cropHeight) when cropped away)}
     *
     * @param y an original image's coordinate
     */
    public double originalToCropY(double y) {
        return y * resizedHeight / (double) originalHeight - cropY;
    }
}
