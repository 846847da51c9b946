/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.List;

/**
 * A hard negative against its positive caption: {@code positiveSpan} is the phrase of the
 * positive caption that the negative changed, {@code negativeSpan} what stands there in
 * {@code negativeCaption}, and {@code boxes} the object the positive caption describes.
 */
public record PhraseContrast(String label, TextSpan positiveSpan, String negativeCaption, TextSpan negativeSpan,
                             List<BoundingBox> boxes) {

    public PhraseContrast {
        if (label == null || label.isEmpty() || positiveSpan == null || negativeCaption == null || negativeSpan == null) {
            throw new IllegalArgumentException("a contrast needs a label, both spans and the negative caption");
        }
        if (!negativeSpan.fitsIn(negativeCaption)) {
            throw new IllegalArgumentException("negative span " + negativeSpan + " lies outside the negative caption");
        }
        boxes = List.copyOf(boxes);
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("a contrast names at least one box");
        }
    }
}
