/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;

/**
 * One drawn object: {@code index} is its position in the scene's object list, {@code box} its
 * exact extent in pixels, {@code fill} the jittered 0xRRGGBB it was painted with (the
 * nominal value is {@code colour}).
 */
public record SceneObject(int index, ShapeKind shape, NamedColour colour, ObjectSize size, BoundingBox box,
                          int fill) {

    /** Whether a description's words fit this object (absent words fit anything). */
    boolean fits(Description description) {
        return description.shape() == shape
                && (description.colour() == null || description.colour().equals(colour))
                && (description.size() == null || description.size() == size);
    }
}
