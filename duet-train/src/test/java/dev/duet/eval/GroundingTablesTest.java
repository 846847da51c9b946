package dev.duet.eval;

import dev.duet.data.SwapKind;
import dev.duet.world.NamedColour;
import dev.duet.world.ObjectSize;
import dev.duet.world.ShapeKind;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The analysis's pieces on inputs whose answers are known by hand. */
class GroundingTablesTest {

    private static final NamedColour RED = NamedColour.STANDARD.getFirst();

    @Test
    void centrePriorPeaksOnTheCentralPatches() {
        boolean[] oneOfFour = new boolean[64];
        oneOfFour[3 * 8 + 3] = true;
        assertEquals(0.25, CentrePrior.hitRate(oneOfFour, 8));
        boolean[] allFour = oneOfFour.clone();
        allFour[3 * 8 + 4] = allFour[4 * 8 + 3] = allFour[4 * 8 + 4] = true;
        assertEquals(1.0, CentrePrior.hitRate(allFour, 8));
        boolean[] centreOfSeven = new boolean[49];
        centreOfSeven[3 * 7 + 3] = true;
        assertEquals(1.0, CentrePrior.hitRate(centreOfSeven, 7));
        float[] map = CentrePrior.map(7);
        assertEquals(3 * 7 + 3, GroundingEvaluator.peak(map));
        assertEquals(map[0], map[48], 0f);
        assertEquals(map[6], map[42], 0f);
    }

    @Test
    void massShareCountsOnlyPositiveMass() {
        float[] map = {2, -5, 1, 1};
        boolean[] covered = {true, true, false, false};
        assertEquals(0.5, GroundingEvaluator.massShare(map, covered), 1e-12);
        assertTrue(Double.isNaN(GroundingEvaluator.massShare(new float[] {-1, 0}, new boolean[] {true, false})));
    }

    @Test
    void intervalOfAConstantIsThatConstantAndBinomialIntervalsHaveTheirWidth() {
        Interval constant = Interval.of(new double[] {0.5, 0.5, Double.NaN, 0.5});
        assertEquals(new Interval(0.5, 0.5, 0.5, 3), constant);
        double[] coin = new double[1000];
        Arrays.fill(coin, 0, 300, 1);
        Interval interval = Interval.of(coin);
        assertEquals(0.3, interval.mean(), 1e-12);
        // normal approximation: 0.3 +- 1.96 sqrt(0.21 / 1000) = 0.3 +- 0.028
        assertEquals(0.272, interval.low(), 0.006);
        assertEquals(0.328, interval.high(), 0.006);
        assertEquals(0, Interval.of(new double[] {Double.NaN}).n());
    }

    @Test
    void tablesGiveEachClassItsShareAndTheSpread() {
        List<PhraseScore> phrases = List.of(
                score(ShapeKind.STANDARD.get(0), true), score(ShapeKind.STANDARD.get(0), true),
                score(ShapeKind.STANDARD.get(1), false), score(ShapeKind.STANDARD.get(1), true));
        List<MismatchScore> mismatches = List.of(new MismatchScore(0, SwapKind.COLOUR, "red", "blue", 0.2, -0.1),
                new MismatchScore(1, SwapKind.COLOUR, "red", "green", 0.1, 0.3));
        GroundingReport report = new GroundingReport(2, 1, 1, 1, 4, 0.75, 0.1, 0, Double.NaN, phrases, mismatches);
        String tables = GroundingTables.markdown(report, "hand-made");
        String first = ShapeKind.STANDARD.get(0).noun();
        String second = ShapeKind.STANDARD.get(1).noun();
        assertTrue(tables.contains("| " + first + " | 2 | 1.000 [1.000, 1.000]"), tables);
        assertTrue(tables.contains("| " + second + " | 2 | 0.500 ["), tables);
        assertTrue(tables.contains("Spread of the pointing game by shape: 0.500 (best " + first), tables);
        assertTrue(tables.contains("| Duet | 0.750 ["), tables);
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
                        new GroundingReport(1, 1, 1, 1, 2, hit ? 1 : 0, 0.1, 0, Double.NaN, phrases, List.of()));
            }
        }
        String grid = GroundingTables.layerGrid(reports, "grid");
        assertTrue(grid.contains("| 0 | 0.000 [0.000, 0.000] | 1.000 [1.000, 1.000] |"), grid);
        assertTrue(grid.contains("| 1 | 0.000 [0.000, 0.000] | 0.000 [0.000, 0.000] |"), grid);
        assertTrue(grid.contains("| 0 | 0.100 [0.100, 0.100] | 0.800 [0.800, 0.800] |"), "mass in box: " + grid);
    }

    private static PhraseScore score(ShapeKind shape, boolean hit) {
        return new PhraseScore(0, "red " + shape.noun(), shape, RED, ObjectSize.SMALL, 1, hit, hit ? 0.8 : 0.1, 0.1, 0, 0.2,
                null, false);
    }
}
