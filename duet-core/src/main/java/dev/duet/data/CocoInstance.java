/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.Map;

/**
 * One object in one image. {@code area} is COCO's segmentation area (for Duet's worlds, the
 * box area); {@code crowd} is COCO's {@code iscrowd}. {@code attributes} is Duet's extension
 * (for example {@code colour=red, size=small}); empty for real COCO.
 */
public record CocoInstance(long id, long imageId, long categoryId, BoundingBox bbox, double area,
                           boolean crowd, Map<String, String> attributes) {

    public CocoInstance {
        if (bbox == null) {
            throw new IllegalArgumentException("instance needs a box");
        }
        if (!Double.isFinite(area) || area < 0) {
            throw new IllegalArgumentException("area must be finite and >= 0, got " + area);
        }
        attributes = Map.copyOf(attributes);
    }
}
