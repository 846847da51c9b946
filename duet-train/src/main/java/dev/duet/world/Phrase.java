/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;
import dev.duet.data.TextSpan;
import dev.duet.image.PatchRegions;

import java.util.Arrays;
import java.util.List;

/**
 * One distinct phrase of a caption and the boxes of every object it names: "two red squares"
 * is one phrase with two boxes. A patch belongs to the phrase when its centre lies inside one
 * of the boxes, edges included; the grounding evaluator scores span-map peaks and the grounding
 * loss picks its target patches by this one rule.
 */
public record Phrase(TextSpan span, List<BoundingBox> boxes) {

    public Phrase {
        boxes = List.copyOf(boxes);
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("a phrase names at least one object");
        }
    }

    /** Whether the centre of {@code patch} (original pixels) lies inside one of the boxes. */
    public boolean covers(PatchRegions.Rect patch) {
        double x = (patch.left() + patch.right()) / 2;
        double y = (patch.top() + patch.bottom()) / 2;
        for (BoundingBox box : boxes) {
            if (x >= box.x() && x <= box.right() && y >= box.y() && y <= box.bottom()) {
                return true;
            }
        }
        return false;
    }

    /** The row-major indices of the patches of {@code grid} that the phrase {@link #covers}, ascending. */
    public int[] coveredPatches(PatchRegions grid) {
        int[] covered = new int[grid.patchCount()];
        int count = 0;
        for (int p = 0; p < covered.length; p++) {
            if (covers(grid.patchRect(p))) {
                covered[count++] = p;
            }
        }
        return Arrays.copyOf(covered, count);
    }
}
