/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import dev.duet.data.BoundingBox;
import dev.duet.image.PatchRegions;

import java.util.List;

/**
 * The patches that belong to a phrase. Boxes are first cut to what the model's centre crop
 * kept (the patch grid's extent in original pixels); a box cut away entirely counts for nothing,
 * and a phrase all of whose boxes are cut away is not visible and is not scored. A patch belongs
 * to the phrase when its centre lies inside one of the visible boxes (edges included); a visible
 * box that holds no patch centre (smaller than a patch) contributes the one patch that holds the
 * centre of its visible part, so that every visible box has at least one patch.
 */
public final class PhraseTarget {

    private PhraseTarget() {
    }

    /** Patch membership [patches], or null when no box is visible in the grid. */
    public static boolean[] patches(PatchRegions grid, List<BoundingBox> boxes) {
        PatchRegions.Rect seen = grid.gridRect();
        boolean[] inside = new boolean[grid.patchCount()];
        boolean visible = false;
        for (BoundingBox box : boxes) {
            double left = Math.max(box.x(), seen.left());
            double top = Math.max(box.y(), seen.top());
            double right = Math.min(box.right(), seen.right());
            double bottom = Math.min(box.bottom(), seen.bottom());
            if (!(right > left && bottom > top)) {
                continue;
            }
            visible = true;
            boolean holdsCentre = false;
            for (int p = 0; p < inside.length; p++) {
                PatchRegions.Rect patch = grid.patchRect(p);
                double x = (patch.left() + patch.right()) / 2;
                double y = (patch.top() + patch.bottom()) / 2;
                if (x >= left && x <= right && y >= top && y <= bottom) {
                    inside[p] = true;
                    holdsCentre = true;
                }
            }
            if (!holdsCentre) {
                int centre = grid.patchAt((left + right) / 2, (top + bottom) / 2);
                if (centre >= 0) {
                    inside[centre] = true;
                }
            }
        }
        return visible ? inside : null;
    }
}
