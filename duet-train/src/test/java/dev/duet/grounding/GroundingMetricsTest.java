/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import dev.duet.data.BoundingBox;
import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Metrics on hand-made maps and boxes whose answers are known. */
class GroundingMetricsTest {

    /** A 128x64 image centre-cropped to 64x64 (x 32..96 kept), a 2x2 grid of 32 px patches. */
    private static final PatchRegions GRID = new PatchRegions(new CropGeometry(128, 64, 128, 64, 32, 0, 64, 64), 2, 2, 32);

    @Test
    void pointingGameHitsOnlyWhenThePeakIsInTheBox() {
        float[] map = {0.1f, 0.2f, 0.9f, -0.5f};
        assertTrue(GroundingMetrics.pointingHit(map, new boolean[] {false, false, true, false}));
        assertFalse(GroundingMetrics.pointingHit(map, new boolean[] {true, true, false, true}));
    }

    @Test
    void massInBoxCountsPositiveMassOnlyAndChanceIsTheBoxShare() {
        float[] map = {1, 3, -2, 0};
        boolean[] inside = {false, true, true, false};
        assertEquals(0.75, GroundingMetrics.massInBox(map, inside), 1e-12);
        assertEquals(0.5, GroundingMetrics.chance(inside), 1e-12);
        assertEquals(1.0, GroundingMetrics.interactionInBox(map, inside), 1e-12);
        assertEquals(0, GroundingMetrics.massInBox(new float[] {-1, -2, -3, -4}, inside));
    }

    @Test
    void boxesAreCutToTheCropAndAPatchBelongsByItsCentre() {
        assertNull(PhraseTarget.patches(GRID, List.of(new BoundingBox(0, 0, 30, 64))), "cut away entirely");
        // original x 16..40 keeps 32..40 in the crop: crop x 0..8 holds no patch centre (16); the
        // box is smaller than a patch, so the patch holding its visible centre counts
        assertArrayEquals(new boolean[] {true, false, false, false},
                PhraseTarget.patches(GRID, List.of(new BoundingBox(16, 0, 24, 20))));
        // original x 40..100 covers the centres of both columns (48 and 80) in the top row (centre y 16)
        assertArrayEquals(new boolean[] {true, true, false, false},
                PhraseTarget.patches(GRID, List.of(new BoundingBox(40, 0, 60, 30))));
        assertArrayEquals(new boolean[] {false, true, false, true},
                PhraseTarget.patches(GRID, List.of(new BoundingBox(70, 10, 2, 2), new BoundingBox(70, 40, 30, 24))));
    }

    @Test
    void bootstrapIntervalsHoldTheMeanAndRepeatWithTheSeed() {
        double[] constant = {0.5, 0.5, 0.5};
        assertEquals(new Interval(0.5, 0.5, 0.5, 3), Bootstrap.interval(constant, 1));
        double[] coin = new double[200];
        for (int i = 0; i < coin.length; i += 2) {
            coin[i] = 1;
        }
        Interval interval = Bootstrap.interval(coin, 7);
        assertEquals(0.5, interval.mean(), 1e-12);
        assertTrue(interval.low() < 0.5 && interval.high() > 0.5 && interval.high() - interval.low() < 0.2, interval.toString());
        assertEquals(interval, Bootstrap.interval(coin, 7));
        assertEquals(0, Bootstrap.interval(new double[0], 7).n());
    }

    @Test
    void centrePriorPeaksInTheMiddleAndBoxSizesFollowCoco() {
        float[] centre = GroundingRun.centreMap(3, 3);
        assertTrue(GroundingMetrics.pointingHit(centre, new boolean[] {false, false, false, false, true, false, false, false, false}));
        assertEquals(BoxSize.SMALL, BoxSize.of(List.of(new BoundingBox(0, 0, 31, 33))));
        assertEquals(BoxSize.MEDIUM, BoxSize.of(List.of(new BoundingBox(0, 0, 32, 32))));
        assertEquals(BoxSize.LARGE, BoxSize.of(List.of(new BoundingBox(0, 0, 10, 10), new BoundingBox(0, 0, 96, 96))));
    }
}
