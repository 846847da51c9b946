/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/** One picture of a data set; {@code fileName} is relative to the data set's image folder. */
public record CocoImage(long id, String fileName, int width, int height) {

    public CocoImage {
        if (fileName == null || fileName.isEmpty()) {
            throw new IllegalArgumentException("file name must not be empty");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }
}
