/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import dev.duet.data.BoundingBox;

import java.util.List;
import java.util.Locale;

/**
 * COCO's object sizes, by area in original pixels: small below 32^2, medium below 96^2, large
 * above. COCO measures the segmentation's area; here the area is that of the phrase's largest
 * box, for every data set alike.
 */
public enum BoxSize {
    SMALL, MEDIUM, LARGE;

    public static BoxSize of(List<BoundingBox> boxes) {
        double area = boxes.stream().mapToDouble(BoundingBox::area).max().orElse(0);
        return area < 32 * 32 ? SMALL : area < 96 * 96 ? MEDIUM : LARGE;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
