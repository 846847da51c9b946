/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.List;

/**
 * One caption annotation. {@code grounding} and {@code negatives} are Duet's extension and are
 * empty for real COCO.
 */
public record CocoCaption(long id, long imageId, String caption, List<Grounding> grounding,
                          List<HardNegative> negatives) {

    public CocoCaption {
        if (caption == null) {
            throw new IllegalArgumentException("caption text must not be null");
        }
        grounding = List.copyOf(grounding);
        negatives = List.copyOf(negatives);
    }
}
