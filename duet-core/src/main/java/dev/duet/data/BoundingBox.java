/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/**
 * An axis-aligned box in pixels, COCO's {@code [x, y, width, height]}: (x, y) is the top-left
 * corner, y grows downwards, and the box covers [x, x + width) by [y, y + height).
 */
public record BoundingBox(double x, double y, double width, double height) {

    public BoundingBox {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(width) || !Double.isFinite(height)) {
            throw new IllegalArgumentException("box coordinates must be finite");
        }
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("box width and height must be >= 0, got " + width + "x" + height);
        }
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double centreX() {
        return x + width / 2;
    }

    public double centreY() {
        return y + height / 2;
    }

    public double area() {
        return width * height;
    }

    /** Whether the box lies in [0, imageWidth] x [0, imageHeight], allowing {@code slack} pixels. */
    public boolean insideImage(int imageWidth, int imageHeight, double slack) {
        return x >= 0 && y >= 0 && right() <= imageWidth + slack && bottom() <= imageHeight + slack;
    }

    public boolean intersects(BoundingBox other) {
        return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
    }
}
