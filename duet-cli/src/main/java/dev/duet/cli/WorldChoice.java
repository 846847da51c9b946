/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.world.NamedColour;
import dev.duet.world.ShapeKind;
import dev.duet.world.WorldSpec;

import java.util.Set;

/**
 * The synthetic worlds a command can name: the standard one, one shifted by new concepts, and
 * the bound world (the standard vocabulary with 1-3 objects, a first caption that names every
 * object, and hard negatives that move an attribute of one object onto another), with its own
 * shifted twin.
 */
enum WorldChoice {
    standard,
    /** The standard world plus a colour and two shapes the standard world never shows. */
    shifted,
    bound,
    /** The bound world plus cyan, diamonds and hexagons. */
    bound_shifted;

    static final String DESCRIPTION = "standard (11 colours, 8 shapes), shifted (adds cyan, diamond, hexagon), "
            + "bound (1-3 objects, first caption names them all, negatives swap attributes between objects) "
            + "or bound_shifted";

    WorldSpec spec(int imageSize) {
        WorldSpec spec = (this == bound || this == bound_shifted ? WorldSpec.bound() : WorldSpec.standard())
                .withImageSize(imageSize);
        return newConcepts().isEmpty() ? spec
                : spec.withExtraColours(NamedColour.CYAN).withExtraShapes(ShapeKind.DIAMOND, ShapeKind.HEXAGON);
    }

    /** The words of the concepts this world adds, scored apart by the grounding evaluator. */
    Set<String> newConcepts() {
        return this == shifted || this == bound_shifted ? Set.of("cyan", "diamond", "hexagon") : Set.of();
    }
}
