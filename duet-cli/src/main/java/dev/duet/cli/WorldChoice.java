package dev.duet.cli;

import dev.duet.world.NamedColour;
import dev.duet.world.ShapeKind;
import dev.duet.world.WorldSpec;

import java.util.Set;

/** The synthetic worlds a command can name: the standard one, and one shifted by new concepts. */
enum WorldChoice {
    standard,
    /** The standard world plus a colour and two shapes the standard world never shows. */
    shifted;

    static final String DESCRIPTION = "standard (11 colours, 8 shapes) or shifted (adds cyan, diamond, hexagon)";

    WorldSpec spec(int imageSize) {
        WorldSpec standardSpec = WorldSpec.standard().withImageSize(imageSize);
        return this == standard ? standardSpec
                : standardSpec.withExtraColours(NamedColour.CYAN).withExtraShapes(ShapeKind.DIAMOND, ShapeKind.HEXAGON);
    }

    /** The words of the concepts this world adds, scored apart by the grounding evaluator. */
    Set<String> newConcepts() {
        return this == standard ? Set.of() : Set.of("cyan", "diamond", "hexagon");
    }
}
