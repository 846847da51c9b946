/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatchMapSamplerTest {

    @Test
    void passesThroughPatchCentres() {
        float[] map = new float[12];
        for (int i = 0; i < map.length; i++) {
            map[i] = (float) Math.sin(i * 1.7);
        }
        PatchMapSampler sampler = new PatchMapSampler(map, 3, 4);
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 4; col++) {
                assertEquals(map[row * 4 + col], sampler.at(col, row), 1e-6);
            }
        }
    }

    @Test
    void reproducesLinearRampsInside() {
        // Catmull-Rom is exact on straight lines: value = 2 * col - row
        float[] map = new float[25];
        for (int row = 0; row < 5; row++) {
            for (int col = 0; col < 5; col++) {
                map[row * 5 + col] = 2 * col - row;
            }
        }
        PatchMapSampler sampler = new PatchMapSampler(map, 5, 5);
        assertEquals(2 * 2.3 - 1.7, sampler.at(2.3, 1.7), 1e-6);
        assertEquals(2 * 1.5 - 2.25, sampler.at(1.5, 2.25), 1e-6);
    }

    @Test
    void aSinglePeakMakesNoRingOfTheOppositeSign() {
        float[] map = new float[49];
        map[3 * 7 + 3] = 1;
        PatchMapSampler sampler = new PatchMapSampler(map, 7, 7);
        double halfway = sampler.at(3.5, 3);
        assertTrue(halfway > 0.4 && halfway < 0.7, "halfway to a neighbour: " + halfway);
        for (double row = -0.5; row <= 6.5; row += 0.125) {
            for (double col = -0.5; col <= 6.5; col += 0.125) {
                double value = sampler.at(col, row);
                assertTrue(value >= 0 && value <= 1, "at " + col + "," + row + ": " + value);
                if (Math.abs(col - 3) >= 1 || Math.abs(row - 3) >= 1) {
                    assertEquals(0, value, 0, "beyond the neighbouring centres");
                }
            }
        }
    }

    @Test
    void edgesContinueOutward() {
        float[] map = {1, 2, 3, 4};
        PatchMapSampler sampler = new PatchMapSampler(map, 2, 2);
        assertEquals(1, sampler.at(-0.5, -0.5), 1e-9);
        assertEquals(4, sampler.at(1.5, 1.5), 1e-9);
    }

    @Test
    void rejectsWrongSizesAndNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> new PatchMapSampler(new float[5], 2, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new PatchMapSampler(new float[] {0, Float.POSITIVE_INFINITY, 0, 0}, 2, 2));
    }
}
