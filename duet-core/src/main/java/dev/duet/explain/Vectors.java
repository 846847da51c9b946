/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/** Small dense vector helpers in double precision for identities and completeness sums. */
final class Vectors {

    private Vectors() {
    }

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code a - b}, elementwise: a path's direction from its reference to its input. */
    static float[] difference(float[] a, float[] b) {
        float[] difference = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            difference[i] = a[i] - b[i];
        }
        return difference;
    }

    /** {@code target += addend}, elementwise. */
    static void addTo(double[] target, double[] addend) {
        for (int i = 0; i < target.length; i++) {
            target[i] += addend[i];
        }
    }

    /** Whether {@code values[offset .. offset + length)} are all zero. */
    static boolean isZero(float[] values, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (values[i] != 0f) {
                return false;
            }
        }
        return true;
    }
}
