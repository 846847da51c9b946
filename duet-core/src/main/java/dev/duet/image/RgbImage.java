/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import java.util.Objects;

/**
 * An 8-bit RGB image, rows top to bottom, pixels interleaved: {@code pixels[(y * width + x) * 3 + c]}
 * (HWC, c = 0 red, 1 green, 2 blue). The array is shared, not copied: treat it as read-only.
 *
 * @param width  pixels across, positive
 * @param height pixels down, positive
 * @param pixels {@code [height][width][3]} samples, 0..255 read unsigned
 */
public record RgbImage(int width, int height, byte[] pixels) {

    /**
     * Checks the sizes.
     *
     * @throws IllegalArgumentException if a size is not positive or {@code pixels} is not width x height x 3 long
     */
    public RgbImage {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        if (pixels.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("expected " + width + "x" + height + "x3 bytes, got "
                    + pixels.length);
        }
    }

    /**
     * {@return a black image (all samples 0)}
     *
     * @param width  pixels across, positive
     * @param height pixels down, positive
     */
    public static RgbImage black(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    /**
     * {@return the sample of channel {@code c} at ({@code x}, {@code y}), 0..255}
     *
     * @param x the column, 0..width - 1
     * @param y the row, 0..height - 1
     * @param c the channel: 0 red, 1 green, 2 blue
     */
    public int sample(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }
}
