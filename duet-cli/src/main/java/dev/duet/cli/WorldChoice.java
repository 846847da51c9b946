/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.world.NamedColour;
import dev.duet.world.ShapeKind;
import dev.duet.world.WorldSpec;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The synthetic worlds a command can name: the standard one, one shifted by new concepts, and
 * the bound world (the standard vocabulary with 1-3 objects, a first caption that names every
 * object, and hard negatives that move an attribute of one object onto another), with two
 * shifted twins: one adds a colour and two shapes, the other only colours, so that every new
 * concept is one whose own word starts as a poor pointer.
 */
enum WorldChoice {
    standard(false, List.of(), List.of()),
    /** The standard world plus a colour and two shapes the standard world never shows. */
    shifted(false, List.of(NamedColour.CYAN), List.of(ShapeKind.DIAMOND, ShapeKind.HEXAGON)),
    bound(true, List.of(), List.of()),
    /** The bound world plus cyan, diamonds and hexagons. */
    bound_shifted(true, List.of(NamedColour.CYAN), List.of(ShapeKind.DIAMOND, ShapeKind.HEXAGON)),
    /** The bound world plus three colours it never shows: cyan, magenta and lime. */
    bound_new_colours(true, List.of(NamedColour.CYAN, NamedColour.MAGENTA, NamedColour.LIME), List.of());

    static final String DESCRIPTION = "standard (11 colours, 8 shapes), shifted (adds cyan, diamond, hexagon), "
            + "bound (1-3 objects, first caption names them all, negatives swap attributes between objects), "
            + "bound_shifted (bound plus cyan, diamond, hexagon) or bound_new_colours (bound plus cyan, magenta, lime)";

    private final boolean boundVocabulary;
    private final List<NamedColour> extraColours;
    private final List<ShapeKind> extraShapes;

    WorldChoice(boolean boundVocabulary, List<NamedColour> extraColours, List<ShapeKind> extraShapes) {
        this.boundVocabulary = boundVocabulary;
        this.extraColours = extraColours;
        this.extraShapes = extraShapes;
    }

    WorldSpec spec(int imageSize) {
        return (boundVocabulary ? WorldSpec.bound() : WorldSpec.standard())
                .withImageSize(imageSize)
                .withExtraColours(extraColours.toArray(NamedColour[]::new))
                .withExtraShapes(extraShapes.toArray(ShapeKind[]::new));
    }

    /** The words of the concepts this world adds, scored apart by the grounding evaluator. */
    Set<String> newConcepts() {
        return Stream.concat(extraColours.stream().map(NamedColour::name), extraShapes.stream().map(ShapeKind::noun))
                .collect(Collectors.toUnmodifiableSet());
    }
}
