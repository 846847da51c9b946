/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * LayerNorm over the last axis, {@code y = g * xh + b}, {@code xh = (x - mean x) * rstd},
 * {@code rstd = 1 / sqrt(var x + eps)} (biased variance), with its tangent and gradient rules.
 * Shapes: x, y, xh [rows][D]; g, b [D]; rstd [rows].
 */
public final class LayerNorm {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private LayerNorm() {
    }

    /** Forward over rows; saves {@code normalized} (xh) and {@code rstd} when they are not null. y may be x. */
    public static void forward(float[] y, float[] x, float[] gain, float[] bias, int rows, int width, float eps,
                               float[] normalized, float[] rstd) {
        for (int r = 0; r < rows; r++) {
            forwardRow(y, x, gain, bias, r, width, eps, normalized, rstd);
        }
    }

    /** The same forward with the rows split over the workers of {@code parallel}. */
    public static void forward(Parallel parallel, float[] y, float[] x, float[] gain, float[] bias, int rows, int width,
                               float eps, float[] normalized, float[] rstd) {
        parallel.forRange(rows, ROW_GRAIN, (from, to) -> {
            for (int r = from; r < to; r++) {
                forwardRow(y, x, gain, bias, r, width, eps, normalized, rstd);
            }
        });
    }

    /** Rows per chunk handed to a worker. */
    private static final int ROW_GRAIN = 16;

    /**
     * Rows a process takes through {@link #scalarForwardRow} first ({@link ScalarStart}); an image's forward through the
     * default model normalises 101 rows at 9 LayerNorms (the pre-norm, two per block) and the class row at the last.
     */
    private static final ScalarStart SCALAR_START = new ScalarStart(4_000);

    private static void forwardRow(float[] y, float[] x, float[] gain, float[] bias, int r, int width, float eps,
                                   float[] normalized, float[] rstd) {
        if (SCALAR_START.take(1)) {
            scalarForwardRow(y, x, gain, bias, r, width, eps, normalized, rstd);
        } else {
            vectorForwardRow(y, x, gain, bias, r, width, eps, normalized, rstd);
        }
    }

    /**
     * Row r's forward in scalar code with {@link #vectorForwardRow}'s bits: each lane's running sums
     * in order, the lanes summed in {@link Lanes}' tree, then the tail in order; the same fused
     * multiply-adds where the vector form fuses.
     */
    static void scalarForwardRow(float[] y, float[] x, float[] gain, float[] bias, int r, int width, float eps,
                                 float[] normalized, float[] rstd) {
        int base = r * width;
        int lanes = Lanes.count();
        int bound = SPECIES.loopBound(width);
        float[] partial = new float[lanes];
        for (int i = 0; i < bound; i++) {
            partial[i % lanes] += x[base + i];
        }
        float sum = Lanes.sum(partial);
        for (int i = bound; i < width; i++) {
            sum += x[base + i];
        }
        float mean = sum / width;
        Arrays.fill(partial, 0f);
        for (int i = 0; i < bound; i++) {
            float centred = x[base + i] - mean;
            partial[i % lanes] = Math.fma(centred, centred, partial[i % lanes]);
        }
        float inverse = inverseDeviation(Lanes.sum(partial), x, base, bound, width, mean, eps);
        if (rstd != null) {
            rstd[r] = inverse;
        }
        for (int i = 0; i < width; i++) {
            float xh = (x[base + i] - mean) * inverse;
            if (normalized != null) {
                normalized[base + i] = xh;
            }
            y[base + i] = i < bound ? Math.fma(xh, gain[i], bias[i]) : gain[i] * xh + bias[i];
        }
    }

    /**
     * {@code 1 / sqrt(variance + eps)} of row {@code base}, from the lanes' sum of squared deviations
     * over {@code [0, bound)}, with the tail's squares added in order (both forms of the row share it).
     */
    private static float inverseDeviation(float squares, float[] x, int base, int bound, int width, float mean,
                                          float eps) {
        float variance = squares;
        for (int i = bound; i < width; i++) {
            float centred = x[base + i] - mean;
            variance += centred * centred;
        }
        variance /= width;
        return (float) (1.0 / Math.sqrt(variance + eps));
    }

    /** Row r's forward on vectors. */
    static void vectorForwardRow(float[] y, float[] x, float[] gain, float[] bias, int r, int width, float eps,
                                 float[] normalized, float[] rstd) {
        int base = r * width;
        int bound = SPECIES.loopBound(width);
        FloatVector sums = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            sums = sums.add(FloatVector.fromArray(SPECIES, x, base + i));
        }
        float sum = Lanes.sum(sums);
        for (; i < width; i++) {
            sum += x[base + i];
        }
        float mean = sum / width;
        FloatVector squares = FloatVector.zero(SPECIES);
        for (i = 0; i < bound; i += SPECIES.length()) {
            FloatVector centred = FloatVector.fromArray(SPECIES, x, base + i).sub(mean);
            squares = centred.fma(centred, squares);
        }
        float inverse = inverseDeviation(Lanes.sum(squares), x, base, bound, width, mean, eps);
        if (rstd != null) {
            rstd[r] = inverse;
        }
        for (i = 0; i < bound; i += SPECIES.length()) {
            FloatVector xh = FloatVector.fromArray(SPECIES, x, base + i).sub(mean).mul(inverse);
            if (normalized != null) {
                xh.intoArray(normalized, base + i);
            }
            xh.fma(FloatVector.fromArray(SPECIES, gain, i), FloatVector.fromArray(SPECIES, bias, i))
                    .intoArray(y, base + i);
        }
        for (; i < width; i++) {
            float xh = (x[base + i] - mean) * inverse;
            if (normalized != null) {
                normalized[base + i] = xh;
            }
            y[base + i] = gain[i] * xh + bias[i];
        }
    }

    /**
     * Tangent rule (docs/method.md §6) for {@code directions} tangents sharing one primal:
     * {@code t_xh = (t_x - mean(t_x) - xh * mean(xh * t_x)) * rstd}, {@code t_y = g * t_xh}.
     * Tangents are laid out [directions][rows][D]; {@code tOut} may be {@code tIn}.
     */
    public static void tangent(float[] tOut, float[] tIn, float[] normalized, float[] rstd, float[] gain,
                               int rows, int width, int directions) {
        for (int s = 0; s < directions; s++) {
            for (int r = 0; r < rows; r++) {
                int base = (s * rows + r) * width;
                tangentRow(tOut, base, tIn, base, normalized, r * width, rstd[r], gain, width);
            }
        }
    }

    /** The same rule with the directions split over the workers of {@code parallel}. */
    public static void tangent(Parallel parallel, float[] tOut, float[] tIn, float[] normalized, float[] rstd, float[] gain,
                               int rows, int width, int directions) {
        parallel.forRange(directions, 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                for (int r = 0; r < rows; r++) {
                    int base = (s * rows + r) * width;
                    tangentRow(tOut, base, tIn, base, normalized, r * width, rstd[r], gain, width);
                }
            }
        });
    }

    /**
     * The gradient rule for the input only, for {@code count} cotangents sharing one primal (the
     * transpose of {@link #tangent}): {@code dx = rstd * (w - mean(w) - xh * mean(xh * w))} with
     * {@code w = g * dy}. Cotangents are laid out [count][rows][D].
     */
    public static void cotangent(Parallel parallel, float[] dx, float[] dy, float[] normalized, float[] rstd,
                                 float[] gain, int rows, int width, int count) {
        float[] unit = new float[width];
        Arrays.fill(unit, 1f);
        parallel.forRange(count, 1, (from, to) -> {
            float[] weighted = new float[width];
            for (int s = from; s < to; s++) {
                for (int r = 0; r < rows; r++) {
                    int base = (s * rows + r) * width;
                    for (int i = 0; i < width; i++) {
                        weighted[i] = gain[i] * dy[base + i];
                    }
                    // the centring map of the tangent rule is symmetric: applied to g * dy it is the gradient
                    tangentRow(dx, base, weighted, 0, normalized, r * width, rstd[r], unit, width);
                }
            }
        });
    }

    /** The tangent rule for one row: tangent at {@code tOffset}, its primal's xh at {@code primalOffset}. */
    public static void tangentRow(float[] tOut, int outOffset, float[] tIn, int inOffset,
                                  float[] normalized, int primalOffset, float rstd, float[] gain, int width) {
        int bound = SPECIES.loopBound(width);
        FloatVector sums = FloatVector.zero(SPECIES);
        FloatVector projections = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector t = FloatVector.fromArray(SPECIES, tIn, inOffset + i);
            sums = sums.add(t);
            projections = FloatVector.fromArray(SPECIES, normalized, primalOffset + i).fma(t, projections);
        }
        float mean = Lanes.sum(sums);
        float projection = Lanes.sum(projections);
        for (; i < width; i++) {
            float t = tIn[inOffset + i];
            mean += t;
            projection += normalized[primalOffset + i] * t;
        }
        mean /= width;
        projection /= width;
        for (i = 0; i < bound; i += SPECIES.length()) {
            FloatVector xh = FloatVector.fromArray(SPECIES, normalized, primalOffset + i);
            FloatVector txh = FloatVector.fromArray(SPECIES, tIn, inOffset + i).sub(mean)
                    .sub(xh.mul(projection)).mul(rstd);
            FloatVector.fromArray(SPECIES, gain, i).mul(txh).intoArray(tOut, outOffset + i);
        }
        for (; i < width; i++) {
            float txh = (tIn[inOffset + i] - mean - normalized[primalOffset + i] * projection) * rstd;
            tOut[outOffset + i] = gain[i] * txh;
        }
    }

    /**
     * Gradient rule: given dy [rows][D], accumulates {@code dGain += dy * xh}, {@code dBias += dy}
     * and writes {@code dx = rstd * (dxh - mean(dxh) - xh * mean(dxh * xh))}, {@code dxh = g * dy}.
     * dGain and dBias may be null for a frozen LayerNorm. dx is split over rows; the parameter
     * gradients are {@link ColumnSums}, whose bits do not depend on the number of threads.
     */
    public static void backward(Parallel parallel, float[] dx, float[] dGain, float[] dBias, float[] dy,
                                float[] normalized, float[] rstd, float[] gain, int rows, int width) {
        parallel.forRange(rows, ROW_GRAIN, (from, to) -> {
            for (int r = from; r < to; r++) {
                backwardRow(dx, dy, normalized, rstd[r], gain, r * width, width);
            }
        });
        if (dGain != null) {
            ColumnSums.addProducts(parallel, dGain, dy, normalized, rows, width);
        }
        if (dBias != null) {
            ColumnSums.add(parallel, dBias, dy, rows, width);
        }
    }

    private static void backwardRow(float[] dx, float[] dy, float[] normalized, float rstd, float[] gain, int base,
                                    int width) {
        float mean = 0f;
        float projection = 0f;
        for (int i = 0; i < width; i++) {
            float dxh = gain[i] * dy[base + i];
            mean += dxh;
            projection += dxh * normalized[base + i];
        }
        mean /= width;
        projection /= width;
        for (int i = 0; i < width; i++) {
            float dxh = gain[i] * dy[base + i];
            dx[base + i] = rstd * (dxh - mean - normalized[base + i] * projection);
        }
    }
}
