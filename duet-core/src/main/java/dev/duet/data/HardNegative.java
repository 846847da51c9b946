/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/**
 * A caption that is false for its image and differs from the true caption in one word or
 * relation phrase: {@code span} is where the replacement sits in {@code caption}, and
 * {@code replaced} is the true caption's text that stood there (it started at the same index).
 */
public record HardNegative(String caption, SwapKind swap, TextSpan span, String replaced) {

    public HardNegative {
        if (caption == null || swap == null || span == null || replaced == null || replaced.isEmpty()) {
            throw new IllegalArgumentException("hard negative needs a caption, a swap kind, a span and the replaced text");
        }
        if (!span.fitsIn(caption)) {
            throw new IllegalArgumentException("span " + span + " lies outside the negative caption");
        }
    }

    public String replacement() {
        return span.of(caption);
    }

    /** The true caption this negative came from: the replacement put back to what it replaced. */
    public String originalCaption() {
        return caption.substring(0, span.start()) + replaced + caption.substring(span.end());
    }
}
