/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;
import org.junit.jupiter.api.Test;

import java.awt.geom.Rectangle2D;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeKindTest {

    /** A box is the drawn extent: every outline touches all four sides of its box and stays inside. */
    @Test
    void outlinesFillTheirBoxExactly() {
        BoundingBox box = new BoundingBox(3.5, 7.25, 20, 12);
        for (ShapeKind shape : ShapeKind.values()) {
            Rectangle2D bounds = shape.outline(box).getBounds2D();
            assertEquals(box.x(), bounds.getX(), 1e-6, shape.noun());
            assertEquals(box.y(), bounds.getY(), 1e-6, shape.noun());
            assertEquals(box.width(), bounds.getWidth(), 1e-6, shape.noun());
            assertEquals(box.height(), bounds.getHeight(), 1e-6, shape.noun());
            assertTrue(shape.outline(box).contains(box.centreX(), box.centreY()), shape.noun() + " centre");
        }
    }

    @Test
    void nounsAndPlurals() {
        assertEquals("cross", ShapeKind.CROSS.noun());
        assertEquals("crosses", ShapeKind.CROSS.pluralNoun());
        assertEquals("hearts", ShapeKind.HEART.pluralNoun());
    }
}
