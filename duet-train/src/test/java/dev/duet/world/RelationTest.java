/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hand-placed boxes (image coordinates, y down) and the truth each relation must give. */
class RelationTest {

    private static final BoundingBox ORIGIN = new BoundingBox(0, 0, 10, 10);

    @Test
    void sideBySide() {
        BoundingBox right = new BoundingBox(20, 0, 10, 10);
        assertEquals(Truth.TRUE, Relation.LEFT_OF.between(ORIGIN, right));
        assertEquals(Truth.FALSE, Relation.RIGHT_OF.between(ORIGIN, right));
        assertEquals(Truth.TRUE, Relation.RIGHT_OF.between(right, ORIGIN));
        assertEquals(Truth.FALSE, Relation.ABOVE.between(ORIGIN, right));
        assertEquals(Truth.FALSE, Relation.BELOW.between(ORIGIN, right));
        // gap 10 against a scale of 10: neither near (<= 5) nor far (>= 15)
        assertEquals(Truth.UNCLEAR, Relation.NEXT_TO.between(ORIGIN, right));
        assertEquals(Truth.TRUE, Relation.NEXT_TO.between(ORIGIN, new BoundingBox(14, 2, 10, 10)));
        assertEquals(Truth.FALSE, Relation.NEXT_TO.between(ORIGIN, new BoundingBox(26, 0, 10, 10)));
    }

    @Test
    void overlappingAlongTheAxisIsNeverTrue() {
        BoundingBox lower = new BoundingBox(6, 12, 12, 10);
        assertEquals(Truth.UNCLEAR, Relation.LEFT_OF.between(ORIGIN, lower));
        assertEquals(Truth.TRUE, Relation.ABOVE.between(ORIGIN, lower));
        assertEquals(Truth.FALSE, Relation.BELOW.between(ORIGIN, lower));
    }

    @Test
    void diagonalNeighboursFollowTheLongerOffset() {
        BoundingBox belowRight = new BoundingBox(12, 30, 10, 10);
        assertEquals(Truth.UNCLEAR, Relation.LEFT_OF.between(ORIGIN, belowRight));
        assertEquals(Truth.TRUE, Relation.ABOVE.between(ORIGIN, belowRight));
        assertEquals(Truth.TRUE, Relation.BELOW.between(belowRight, ORIGIN));
        assertEquals(Truth.FALSE, Relation.RIGHT_OF.between(ORIGIN, belowRight));
        assertEquals(Truth.FALSE, Relation.NEXT_TO.between(ORIGIN, belowRight));
    }

    @Test
    void levelCentresAreFalseBothWays() {
        BoundingBox below = new BoundingBox(0, 20, 10, 10);
        assertEquals(Truth.FALSE, Relation.LEFT_OF.between(ORIGIN, below));
        assertEquals(Truth.FALSE, Relation.RIGHT_OF.between(ORIGIN, below));
    }
}
