/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The path and split chosen for the shapes of a ViT-B/16 forward and backward pass. */
class GemmPlanTest {

    /** Packing B^T pays for itself well before 197 rows, whatever the vector width. */
    @Test
    void forwardProjectionsOfOneImagePackTheWeights() {
        GemmPlan plan = GemmPlan.of(2, 197, 3072, 768, true);
        assertEquals(GemmPlan.Algorithm.BLOCKED, plan.algorithm());
        assertEquals(GemmPlan.Split.COLUMNS, plan.split());
        assertEquals(2, plan.threads());
    }

    @Test
    void aFewRowsAgainstWeightsTakeTheDotPath() {
        assertEquals(GemmPlan.Algorithm.DOT, GemmPlan.of(2, 16, 3072, 768, true).algorithm());
    }

    @Test
    void stackedTangentRowsPackBForTheBlockedKernelAndSplitColumns() {
        GemmPlan plan = GemmPlan.of(2, 2000, 768, 768, true);
        assertEquals(GemmPlan.Algorithm.BLOCKED, plan.algorithm());
        assertEquals(GemmPlan.Split.COLUMNS, plan.split());
    }

    @Test
    void narrowProductsSplitRows() {
        assertEquals(GemmPlan.Split.ROWS, GemmPlan.of(2, 2000, 64, 768, false).split());
        assertEquals(GemmPlan.Split.COLUMNS, GemmPlan.of(2, 20, 64, 768, false).split());
    }

    @Test
    void shallowAttentionScoresUseTheBlockedKernel() {
        assertEquals(GemmPlan.Algorithm.BLOCKED, GemmPlan.of(2, 197, 197, 64, true).algorithm());
    }

    @Test
    void aRowVectorNeverPacks() {
        assertEquals(GemmPlan.Algorithm.AXPY, GemmPlan.of(2, 1, 3072, 768, false).algorithm());
        assertEquals(GemmPlan.Algorithm.DOT, GemmPlan.of(2, 1, 3072, 768, true).algorithm());
        assertEquals(GemmPlan.Algorithm.DOT, GemmPlan.of(2, 1, 3072, 64, true).algorithm());
    }

    @Test
    void smallProductsStayOnOneThread() {
        GemmPlan tiny = GemmPlan.of(2, 3, 13, 5, false);
        assertEquals(GemmPlan.Algorithm.TINY, tiny.algorithm());
        assertEquals(1, tiny.threads());
        assertEquals(1, GemmPlan.of(2, 20, 20, 20, false).threads());
    }

    @Test
    void weightGradientsSplitColumns() {
        assertEquals(GemmPlan.Split.COLUMNS, GemmPlan.of(2, 3072, 768, 197, false).split());
        assertEquals(GemmPlan.Split.COLUMNS, GemmPlan.of(2, 768, 3072, 197, false).split());
    }
}
