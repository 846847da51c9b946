/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

/** A mean over {@code n} values and its bootstrap 95 % interval [low, high]; NaN when n is 0. */
public record Interval(double mean, double low, double high, int n) {
}
