/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * {@code BatchNorm2d} in inference form on channel-last rows [n][C]: {@code y = x * scale + shift}
 * per channel, {@code scale = gamma / sqrt(var + eps)}, {@code shift = beta - mean * scale}, the
 * affine map PyTorch's CPU kernel applies with the running statistics. Being affine in x, its
 * tangent and cotangent rule is the multiplication by scale; its parameter gradient (statistics
 * frozen) is {@code dgamma = sum dy * (x - mean) / sqrt(var + eps)}, {@code dbeta = sum dy}.
 */
public record BatchNorm(float[] scale, float[] shift, float[] invStd, float[] mean) {

    /** From the module's weight (gamma), bias (beta), running mean and variance. */
    public static BatchNorm of(float[] gamma, float[] beta, float[] runningMean, float[] runningVar, float eps) {
        int c = gamma.length;
        if (beta.length != c || runningMean.length != c || runningVar.length != c) {
            throw new IllegalArgumentException("batch norm parameters of different lengths");
        }
        float[] scale = new float[c];
        float[] shift = new float[c];
        float[] invStd = new float[c];
        for (int i = 0; i < c; i++) {
            invStd[i] = (float) (1.0 / Math.sqrt(runningVar[i] + eps));
            scale[i] = invStd[i] * gamma[i];
            shift[i] = beta[i] - runningMean[i] * scale[i];
        }
        return new BatchNorm(scale, shift, invStd, runningMean.clone());
    }

    public int channels() {
        return scale.length;
    }

    /** y = x * scale + shift over rows [n][C]; y may be x. */
    public void forward(Parallel parallel, float[] y, float[] x, int rows) {
        int c = channels();
        parallel.forRange(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                int base = r * c;
                for (int i = 0; i < c; i++) {
                    y[base + i] = x[base + i] * scale[i] + shift[i];
                }
            }
        });
    }

    /** Tangent and cotangent rule in place over rows [n][C]: {@code t *= scale}. */
    public void tangent(Parallel parallel, float[] t, int rows) {
        int c = channels();
        parallel.forRange(rows, 64, (from, to) -> {
            for (int r = from; r < to; r++) {
                int base = r * c;
                for (int i = 0; i < c; i++) {
                    t[base + i] *= scale[i];
                }
            }
        });
    }

    /**
     * Gradient rule over rows [n][C]: accumulates dGamma and dBeta (skipped when null) from dy and
     * the layer's input x, then turns dy into dx in place.
     */
    public void backward(float[] dy, float[] x, float[] dGamma, float[] dBeta, int rows) {
        int c = channels();
        for (int r = 0; r < rows; r++) {
            int base = r * c;
            for (int i = 0; i < c; i++) {
                if (dGamma != null) {
                    dGamma[i] += dy[base + i] * (x[base + i] - mean[i]) * invStd[i];
                }
                if (dBeta != null) {
                    dBeta[i] += dy[base + i];
                }
                dy[base + i] *= scale[i];
            }
        }
    }
}
