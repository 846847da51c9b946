/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.nio.file.Path;
import java.util.List;

/** One image of a grounding data set: its file, its size in pixels and its captions; {@code id} is unique in the set. */
public record GroundedImage(String id, Path file, int width, int height, List<GroundedCaption> captions) {

    public GroundedImage {
        if (id == null || id.isEmpty() || file == null) {
            throw new IllegalArgumentException("an image needs an id and a file");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        captions = List.copyOf(captions);
    }
}
