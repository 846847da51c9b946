/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import dev.duet.data.SwapKind;
import dev.duet.world.NamedColour;
import dev.duet.world.ObjectSize;
import dev.duet.world.ShapeKind;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysis tables on scores whose answers are known by hand. */
class GroundingTablesTest {

    private static final NamedColour RED = NamedColour.STANDARD.getFirst();

    @Test
    void tablesGiveEachClassItsShareAndTheSpread() {
        List<PhraseScore> phrases = List.of(
                score(ShapeKind.STANDARD.get(0), true), score(ShapeKind.STANDARD.get(0), true),
                score(ShapeKind.STANDARD.get(1), false), score(ShapeKind.STANDARD.get(1), true));
        List<MismatchScore> mismatches = List.of(new MismatchScore(0, SwapKind.COLOUR, "red", "blue", 0.2, -0.1),
                new MismatchScore(1, SwapKind.COLOUR, "red", "green", 0.1, 0.3));
        GroundingReport report = new GroundingReport(2, 1, 1, 1, 4, 0.75, 0.1, 0, Double.NaN, phrases, mismatches, 0.5);
        String tables = GroundingTables.markdown(report, "hand-made");
        String first = ShapeKind.STANDARD.get(0).noun();
        String second = ShapeKind.STANDARD.get(1).noun();
        assertTrue(tables.contains("| " + first + " | 2 | 1.000 [1.000, 1.000]"), tables);
        assertTrue(tables.contains("| " + second + " | 2 | 0.500 ["), tables);
        assertTrue(tables.contains("Spread of the pointing game by shape: 0.500 (best " + first), tables);
        assertTrue(tables.contains("| Duet | 0.750 ["), tables);
        assertTrue(tables.contains("summed over its own box: 0.035 [") && tables.contains("negative for a share of 0.250 ["),
                tables);
        assertTrue(tables.contains("| colour | 2 | 0.150 [") && tables.contains(" | 0.100 [") && tables.contains(" | 0.500 ["),
                tables);
    }

    @Test
    void layerGridPutsEachPairInItsCell() {
        Map<GroundingTables.Layers, GroundingReport> reports = new LinkedHashMap<>();
        for (int text = 0; text < 2; text++) {
            for (int image = 0; image < 2; image++) {
                // hits: all at text 0 / image 1, none elsewhere
                boolean hit = text == 0 && image == 1;
                List<PhraseScore> phrases = List.of(score(ShapeKind.STANDARD.get(0), hit), score(ShapeKind.STANDARD.get(1), hit));
                reports.put(new GroundingTables.Layers(text, image),
                        new GroundingReport(1, 1, 1, 1, 2, hit ? 1 : 0, 0.1, 0, Double.NaN, phrases, List.of(), text * 0.25));
            }
        }
        String grid = GroundingTables.layerGrid(reports, "grid");
        assertTrue(grid.contains("| 0 | 0.000 [0.000, 0.000] | 1.000 [1.000, 1.000] |"), grid);
        assertTrue(grid.contains("| 1 | 0.000 [0.000, 0.000] | 0.000 [0.000, 0.000] |"), grid);
        assertTrue(grid.contains("| 0 | 0.100 [0.100, 0.100] | 0.800 [0.800, 0.800] |"), "mass in box: " + grid);
        assertTrue(grid.contains("| 1 | 0.250 | 0.250 |"), "BOS and EOS share by text layer: " + grid);
    }

    private static PhraseScore score(ShapeKind shape, boolean hit) {
        return new PhraseScore(0, "red " + shape.noun(), shape, RED, ObjectSize.SMALL, 1, hit, hit ? 0.8 : 0.1, 0.1, false, 0.2,
                hit ? 0.05 : -0.01, null, false, Double.NaN, hit, false, 1);
    }

    /**
     * Four phrases of two-object captions: the first hits its object, the second peaks on the other
     * object, the third on no object; the fourth, a focus word's phrase, hits with its phrase map,
     * and its word's own map peaks on the other object.
     */
    @Test
    void whichObjectTableSplitsPeaksOnTheWrongObjectFromMisses() {
        ShapeKind shape = ShapeKind.STANDARD.get(0);
        List<PhraseScore> phrases = List.of(
                new PhraseScore(0, "red a", shape, RED, ObjectSize.SMALL, 2, true, 0.8, 0.1, false, 0.2, 0.05, null, false, Double.NaN,
                        true, false, 0.5),
                new PhraseScore(0, "red b", shape, RED, ObjectSize.SMALL, 2, false, 0.1, 0.1, false, 0.2, 0.0, null, false, Double.NaN,
                        true, false, 0.5),
                new PhraseScore(1, "red c", shape, RED, ObjectSize.SMALL, 2, false, 0.1, 0.1, false, 0.2, 0.0, null, false, Double.NaN,
                        false, false, 0.5),
                new PhraseScore(1, "cyan d", shape, RED, ObjectSize.SMALL, 2, true, 0.7, 0.1, false, 0.2, 0.05, "cyan", false, 0.4,
                        true, true, 0.5));
        GroundingReport report = new GroundingReport(2, 1, 1, 1, 4, 0.5, 0.1, 1, 0, phrases, List.of(), 0.5);
        String tables = GroundingTables.markdown(report, "hand-made");
        assertTrue(tables.contains("| Duet, the phrase | 0.750 [0.250, 1.000] | 0.500 [0.000, 1.000] | 0.667 [0.000, 1.000] "
                + "| 0.500 [0.500, 0.500] |"), tables);
        assertTrue(tables.contains("| Duet, the focus word alone (1) | 1.000 [1.000, 1.000] | 0.000 [0.000, 0.000] "
                + "| 0.000 [0.000, 0.000] | 0.500 [0.500, 0.500] |"), tables);
    }

    /** Two "cyan" phrases (the word's own map hits in one) and one "diamond" phrase: a row per word. */
    @Test
    void focusWordTableGivesEachWordItsOwnMapBesideItsPhrase() {
        ShapeKind shape = ShapeKind.STANDARD.get(0);
        List<PhraseScore> phrases = List.of(
                new PhraseScore(0, "cyan a", shape, RED, ObjectSize.SMALL, 2, true, 0.8, 0.1, false, 0.2, 0.05, "cyan", true, 0.6,
                        true, true, 0.5),
                new PhraseScore(0, "cyan b", shape, RED, ObjectSize.SMALL, 2, true, 0.7, 0.1, false, 0.2, 0.05, "cyan", false, 0.2,
                        true, false, 0.5),
                new PhraseScore(1, "red diamond", shape, RED, ObjectSize.SMALL, 1, false, 0.1, 0.1, false, 0.2, 0.0, "diamond", false,
                        0.1, false, false, 1),
                new PhraseScore(1, "red c", shape, RED, ObjectSize.SMALL, 1, true, 0.9, 0.1, false, 0.2, 0.05, null, false, Double.NaN,
                        true, false, 1));
        GroundingReport report = new GroundingReport(2, 1, 1, 1, 4, 0.75, 0.1, 3, 1 / 3.0, phrases, List.of(), 0.5);
        String tables = GroundingTables.markdown(report, "hand-made");
        assertTrue(tables.contains("| cyan | 2 | 0.500 [0.000, 1.000] | 0.400 [0.200, 0.600] | 1.000 [1.000, 1.000] | 0.100 |"),
                tables);
        assertTrue(tables.contains("| diamond | 1 | 0.000 [0.000, 0.000] | 0.100 [0.100, 0.100] | 0.000 [0.000, 0.000] | 0.100 |"),
                tables);
        assertTrue(tables.contains("| phrases without one | 1 | | | 1.000 [1.000, 1.000] | 0.100 |"), tables);
        String withoutFocus = GroundingTables.markdown(new GroundingReport(2, 1, 1, 1, 1, 1, 0.1, 0, Double.NaN,
                List.of(phrases.getLast()), List.of(), 0.5), "hand-made");
        assertTrue(!withoutFocus.contains("| focus word |"), withoutFocus);
    }
}
