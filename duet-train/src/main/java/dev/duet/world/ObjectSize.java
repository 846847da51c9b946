/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import java.util.Locale;

/**
 * The size word of an object. An object's scale s (a fraction of the image side) is drawn
 * from the range below and its box has area (s * side)^2, so the smallest large object has
 * at least 2.3 times the box area of the largest small one.
 */
public enum ObjectSize {
    SMALL(0.15, 0.19),
    LARGE(0.29, 0.35);

    private final double minScale;
    private final double maxScale;

    ObjectSize(double minScale, double maxScale) {
        this.minScale = minScale;
        this.maxScale = maxScale;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double minScale() {
        return minScale;
    }

    public double maxScale() {
        return maxScale;
    }
}
