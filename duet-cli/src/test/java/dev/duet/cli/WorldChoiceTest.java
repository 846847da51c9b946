/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.world.NamedColour;
import dev.duet.world.ShapeKind;
import dev.duet.world.WorldSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each world a command can name: its vocabulary, and the words scored apart as its new concepts. */
class WorldChoiceTest {

    @Test
    void worldsWithoutNewConceptsAreTheBaseWorlds() {
        assertEquals(WorldSpec.standard().withImageSize(80), WorldChoice.standard.spec(80));
        assertEquals(WorldSpec.bound().withImageSize(80), WorldChoice.bound.spec(80));
        assertEquals(Set.of(), WorldChoice.standard.newConcepts());
        assertEquals(Set.of(), WorldChoice.bound.newConcepts());
    }

    @Test
    void shiftedWorldsAddAColourAndTwoShapesToTheirBase() {
        for (WorldChoice shifted : List.of(WorldChoice.shifted, WorldChoice.bound_shifted)) {
            WorldSpec base = (shifted == WorldChoice.shifted ? WorldChoice.standard : WorldChoice.bound).spec(64);
            WorldSpec spec = shifted.spec(64);
            assertEquals(appended(base.colours(), List.of(NamedColour.CYAN)), spec.colours());
            assertEquals(appended(base.shapes(), List.of(ShapeKind.DIAMOND, ShapeKind.HEXAGON)), spec.shapes());
            assertEquals(Set.of("cyan", "diamond", "hexagon"), shifted.newConcepts());
        }
    }

    @Test
    void theNewColoursWorldAddsOnlyColoursFarFromTheKnownOnes() {
        WorldSpec bound = WorldChoice.bound.spec(80);
        WorldSpec spec = WorldChoice.bound_new_colours.spec(80);
        List<NamedColour> added = List.of(NamedColour.CYAN, NamedColour.MAGENTA, NamedColour.LIME);
        assertEquals(appended(bound.colours(), added), spec.colours());
        assertEquals(bound.shapes(), spec.shapes());
        assertEquals(Set.of("cyan", "magenta", "lime"), WorldChoice.bound_new_colours.newConcepts());
        for (NamedColour colour : added) {
            for (NamedColour known : bound.colours()) {
                assertTrue(colour.distanceTo(known.rgb()) > 85, colour.name() + " lies close to " + known.name());
            }
        }
    }

    private static <T> List<T> appended(List<T> first, List<T> second) {
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
