/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.List;

/**
 * A phrase of a caption ({@code span}) and the boxes of everything it names, in original
 * pixels; {@code label} is its class for the breakdowns (a COCO category, a Flickr30k Entities
 * type, an HNC caption type, a synthetic shape).
 */
public record GroundedPhrase(TextSpan span, String label, List<BoundingBox> boxes) {

    public GroundedPhrase {
        if (span == null || label == null || label.isEmpty()) {
            throw new IllegalArgumentException("a grounded phrase needs a span and a label");
        }
        boxes = List.copyOf(boxes);
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("a grounded phrase names at least one box");
        }
    }
}
