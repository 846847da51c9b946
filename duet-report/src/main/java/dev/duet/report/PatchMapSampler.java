/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

/**
 * A smooth surface through a patch map's values: each patch's value sits at its centre and
 * points between centres are interpolated with the Catmull-Rom cubic (Keys, a = -1/2) along
 * both axes. The cubic overshoots next to a sharp peak, which on a signed map would paint
 * rings of the opposite sign that the data does not have, so every result is clamped to the
 * range of the four surrounding centres. Beyond the outer centres the edge values continue.
 */
final class PatchMapSampler {

    private final float[] map;
    private final int rows;
    private final int cols;

    /** @param map [rows * cols], row-major */
    PatchMapSampler(float[] map, int rows, int cols) {
        if (map.length != Math.multiplyExact(rows, cols)) {
            throw new IllegalArgumentException("map has " + map.length + " values, the grid "
                    + rows + "x" + cols + " has " + rows * cols + " patches");
        }
        for (int i = 0; i < map.length; i++) {
            if (!Float.isFinite(map[i])) {
                throw new IllegalArgumentException("map value " + i + " is " + map[i]);
            }
        }
        this.map = map;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * The surface at grid position (col, row) in patch units: (0, 0) is the centre of the first
     * patch, (cols - 1, rows - 1) the centre of the last.
     */
    double at(double col, double row) {
        int col0 = (int) Math.floor(col);
        int row0 = (int) Math.floor(row);
        double fx = col - col0;
        double fy = row - row0;
        double[] wx = weights(fx);
        double[] wy = weights(fy);
        double sum = 0;
        for (int j = 0; j < 4; j++) {
            int r = clampRow(row0 - 1 + j);
            double line = 0;
            for (int i = 0; i < 4; i++) {
                line += wx[i] * map[r * cols + clampCol(col0 - 1 + i)];
            }
            sum += wy[j] * line;
        }
        double a = value(row0, col0);
        double b = value(row0, col0 + 1);
        double c = value(row0 + 1, col0);
        double d = value(row0 + 1, col0 + 1);
        double low = Math.min(Math.min(a, b), Math.min(c, d));
        double high = Math.max(Math.max(a, b), Math.max(c, d));
        return Math.clamp(sum, low, high);
    }

    private double value(int row, int col) {
        return map[clampRow(row) * cols + clampCol(col)];
    }

    private int clampRow(int row) {
        return Math.clamp(row, 0, rows - 1);
    }

    private int clampCol(int col) {
        return Math.clamp(col, 0, cols - 1);
    }

    /** Catmull-Rom weights of the samples at offsets -1, 0, 1, 2 for a point at f in [0, 1). */
    private static double[] weights(double f) {
        double f2 = f * f;
        double f3 = f2 * f;
        return new double[] {
            (-f3 + 2 * f2 - f) / 2,
            (3 * f3 - 5 * f2 + 2) / 2,
            (-3 * f3 + 4 * f2 + f) / 2,
            (f3 - f2) / 2};
    }
}
