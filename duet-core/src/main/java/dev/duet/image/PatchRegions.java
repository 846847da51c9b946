/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * The vision tower's patch grid seen from the original image: which part of each patch a box
 * in original pixels covers, and where each patch came from.
 *
 * <p>Coordinates are continuous: original pixel (i, j) covers [i, i+1) x [j, j+1), so a box is
 * given by its edges with the right and bottom edges exclusive ({@link Rect}); boxes written as
 * inclusive pixel indices, as in data sets and the fixtures, go through
 * {@link Rect#ofInclusivePixels}. Patch (row, col) covers crop pixels
 * [col * patchSize, (col + 1) * patchSize) x [row * patchSize, (row + 1) * patchSize); patches
 * are numbered row-major, as the columns of the interaction matrix after CLS.
 */
public final class PatchRegions {

    /**
     * An axis-aligned rectangle in continuous original-pixel coordinates, right and bottom
     * edges exclusive.
     */
    public record Rect(double left, double top, double right, double bottom) {

        public Rect {
            if (!(Double.isFinite(left) && Double.isFinite(top) && Double.isFinite(right)
                    && Double.isFinite(bottom))) {
                throw new IllegalArgumentException("rectangle edges must be finite");
            }
            if (right < left || bottom < top) {
                throw new IllegalArgumentException("rectangle has negative size: " + left + ","
                        + top + " to " + right + "," + bottom);
            }
        }

        /** The pixels x0..x1 and y0..y1, both ends included: edges [x0, x1 + 1) x [y0, y1 + 1). */
        public static Rect ofInclusivePixels(int x0, int y0, int x1, int y1) {
            if (x1 < x0 || y1 < y0) {
                throw new IllegalArgumentException("inclusive pixel box has x1 < x0 or y1 < y0");
            }
            return new Rect(x0, y0, x1 + 1.0, y1 + 1.0);
        }

        public double width() {
            return right - left;
        }

        public double height() {
            return bottom - top;
        }

        public boolean contains(double x, double y) {
            return x >= left && x < right && y >= top && y < bottom;
        }
    }

    private final CropGeometry crop;
    private final int rows;
    private final int cols;
    private final int patchSize;

    /**
     * @param patchSize side of a square patch in crop pixels; the grid may leave a remainder of
     *                  the crop uncovered on the right and bottom (a strided convolution drops it)
     */
    public PatchRegions(CropGeometry crop, int rows, int cols, int patchSize) {
        if (rows <= 0 || cols <= 0 || patchSize <= 0) {
            throw new IllegalArgumentException("patch grid sizes must be positive");
        }
        if (Math.multiplyExact(rows, patchSize) > crop.cropHeight()
                || Math.multiplyExact(cols, patchSize) > crop.cropWidth()) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " grid of " + patchSize
                    + " px patches does not fit a " + crop.cropWidth() + "x" + crop.cropHeight()
                    + " crop");
        }
        this.crop = crop;
        this.rows = rows;
        this.cols = cols;
        this.patchSize = patchSize;
    }

    public CropGeometry crop() {
        return crop;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int patchSize() {
        return patchSize;
    }

    public int patchCount() {
        return rows * cols;
    }

    /**
     * For each patch (row-major, {@code [rows * cols]}), the fraction of its area that the box
     * covers, in [0, 1]. Resizing is linear per axis, so area fractions are the same measured in
     * crop or in original pixels; parts of the box outside the grid count for nothing.
     */
    public double[] coverage(Rect box) {
        double left = crop.originalToCropX(box.left());
        double right = crop.originalToCropX(box.right());
        double top = crop.originalToCropY(box.top());
        double bottom = crop.originalToCropY(box.bottom());
        double[] weights = new double[patchCount()];
        double patchArea = (double) patchSize * patchSize;
        for (int row = 0; row < rows; row++) {
            double overlapY = overlap(top, bottom, row * patchSize, (row + 1) * patchSize);
            if (overlapY == 0) {
                continue;
            }
            for (int col = 0; col < cols; col++) {
                double overlapX = overlap(left, right, col * patchSize, (col + 1) * patchSize);
                weights[row * cols + col] = overlapX * overlapY / patchArea;
            }
        }
        return weights;
    }

    /** The part of the original image that patch {@code index} (row-major: row index / cols, column index % cols) saw. */
    public Rect patchRect(int index) {
        if (index < 0 || index >= patchCount()) {
            throw new IndexOutOfBoundsException("patch " + index + " outside a " + rows + "x" + cols + " grid");
        }
        int row = index / cols;
        int col = index % cols;
        return cropToOriginal(col * patchSize, row * patchSize, (col + 1) * patchSize, (row + 1) * patchSize);
    }

    /** The part of the original image the whole grid saw. */
    public Rect gridRect() {
        return cropToOriginal(0, 0, cols * patchSize, rows * patchSize);
    }

    /** The part of the original image the crop kept (the grid and any uncovered remainder). */
    public Rect cropRect() {
        return cropToOriginal(0, 0, crop.cropWidth(), crop.cropHeight());
    }

    /** Row-major index of the patch that saw original point (x, y), or -1 if none did. */
    public int patchAt(double x, double y) {
        double cropX = crop.originalToCropX(x);
        double cropY = crop.originalToCropY(y);
        if (cropX < 0 || cropY < 0) {
            return -1;
        }
        int col = (int) Math.floor(cropX / patchSize);
        int row = (int) Math.floor(cropY / patchSize);
        return row < rows && col < cols ? row * cols + col : -1;
    }

    private Rect cropToOriginal(double left, double top, double right, double bottom) {
        return new Rect(crop.cropToOriginalX(left), crop.cropToOriginalY(top),
                crop.cropToOriginalX(right), crop.cropToOriginalY(bottom));
    }

    private static double overlap(double lo, double hi, double cellLo, double cellHi) {
        return Math.max(0, Math.min(hi, cellHi) - Math.max(lo, cellLo));
    }
}
