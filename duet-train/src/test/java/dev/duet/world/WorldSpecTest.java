/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorldSpecTest {

    @Test
    void standardWorld() {
        WorldSpec spec = WorldSpec.standard();
        assertEquals(224, spec.imageSize());
        assertEquals(11, spec.colours().size());
        assertEquals(8, spec.shapes().size());
        assertEquals(5, spec.relations().size());
        assertEquals(4, spec.maxObjects());
    }

    @Test
    void shiftedWorld() {
        WorldSpec training = WorldSpec.standard().withoutShapes(ShapeKind.HEART).withoutColours("pink");
        assertFalse(training.shapes().contains(ShapeKind.HEART));
        assertEquals(10, training.colours().size());
        assertEquals(WorldSpec.standard().shapes().size() - 1, training.shapes().size());
    }

    @Test
    void rejectsInvalidWorlds() {
        WorldSpec standard = WorldSpec.standard();
        assertThrows(IllegalArgumentException.class, () -> standard.withImageSize(8));
        assertThrows(IllegalArgumentException.class, () -> standard.withMaxObjects(7));
        assertThrows(IllegalArgumentException.class, () -> standard.withCaptionsPerScene(0));
        assertThrows(IllegalArgumentException.class, () -> standard.withExtraColours(NamedColour.RED));
        assertThrows(IllegalArgumentException.class, () -> standard.withShapes(List.of()));
        assertThrows(IllegalArgumentException.class, () -> standard.withoutColours("teal"));
        assertThrows(IllegalArgumentException.class, () -> new NamedColour("Dark red", 1, 2, 3));
    }
}
