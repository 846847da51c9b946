/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.TextSpan;

/**
 * A caption names the scene object {@code object} (an index into {@link Scene#objects()}) with
 * the phrase at {@code span}, such as "small blue square" (article and count excluded). The
 * two objects of "two red squares" get one mention each, with the same span.
 */
public record Mention(int object, TextSpan span) {
}
