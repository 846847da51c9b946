/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/** A phrase of a caption (its span) names this instance; a plural phrase names several. */
public record Grounding(long instanceId, TextSpan span) {

    public Grounding {
        if (span == null) {
            throw new IllegalArgumentException("grounding needs a span");
        }
    }
}
