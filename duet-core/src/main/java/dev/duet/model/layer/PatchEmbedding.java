/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.BadInputException;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A vision transformer's input: the stride-p patch convolution as one product of the unfolded
 * patches [B*N][3*p*p] with the kernel (plus its bias, SigLIP's), the class embedding as row 0
 * (CLIP's; SigLIP has none), learned positions, then {@code pre_layrnorm} (CLIP's; SigLIP has
 * none). CHW images [B][3][S][S] -> x [B][R][D], N = grid^2 patches, R = N (+ 1 with a class
 * row). Its input is the image, so explanations start above it: no tangent or cotangent; its
 * gradient reaches the kernel and its bias, the class and position embeddings and the LayerNorm.
 *
 * @param kernelBias     [D] or null
 * @param classEmbedding [D] or null (no class row)
 * @param normGain       [D] or null (no LayerNorm; then normBias is null too)
 */
public record PatchEmbedding(float[] kernel,       // [D][3*p*p], flattened channel-major
                             float[] kernelBias,
                             float[] classEmbedding,
                             float[] positions,    // [R][D]
                             float[] normGain, float[] normBias,
                             int patchSize, int imageSize, int width, float eps) {

    /** One forward's output and what {@link #backward} needs of it (null when not kept). */
    public record Trace(int batch,
                        float[] output,       // [B][R][D]
                        float[] unfolded,     // [B*N][3*p*p]
                        float[] normalized,   // [B*R][D] xh of pre_layrnorm
                        float[] rstd) {       // [B*R]
    }

    /**
     * The same layer with each array it has replaced by {@code array.apply(it)} (an absent one stays absent):
     * copies ({@code float[]::clone}), or zeros of the same shapes, into which {@link #backward} accumulates.
     */
    public PatchEmbedding map(UnaryOperator<float[]> array) {
        UnaryOperator<float[]> present = values -> values == null ? null : array.apply(values);
        return new PatchEmbedding(present.apply(kernel), present.apply(kernelBias), present.apply(classEmbedding),
                present.apply(positions), present.apply(normGain), present.apply(normBias), patchSize, imageSize,
                width, eps);
    }

    public int grid() {
        return imageSize / patchSize;
    }

    /** R: the patches, after the class row when there is one. */
    public int rows() {
        return classRows() + grid() * grid();
    }

    private int classRows() {
        return classEmbedding == null ? 0 : 1;
    }

    /** x [B][R][D] of a batch of CHW images, with what the gradient needs when {@code keep} (training). */
    public Trace forward(Parallel parallel, List<float[]> images, boolean keep) {
        int batch = images.size();
        int patches = grid() * grid();
        int rows = rows();
        int d = width;
        float[] unfolded = unfold(images);
        float[] patchStates = new float[batch * patches * d];
        Linear.forward(parallel, patchStates, unfolded, kernel, kernelBias, batch * patches, 3 * patchSize * patchSize, d);
        float[] x = new float[batch * rows * d];
        int first = classRows();
        for (int b = 0; b < batch; b++) {
            int base = b * rows * d;
            if (classEmbedding != null) {
                for (int i = 0; i < d; i++) {
                    x[base + i] = classEmbedding[i] + positions[i];
                }
            }
            for (int r = first; r < rows; r++) {
                int from = (b * patches + r - first) * d;
                for (int i = 0; i < d; i++) {
                    x[base + r * d + i] = patchStates[from + i] + positions[r * d + i];
                }
            }
        }
        float[] normalized = keep && normGain != null ? new float[x.length] : null;
        float[] rstd = keep && normGain != null ? new float[batch * rows] : null;
        if (normGain != null) {
            LayerNorm.forward(parallel, x, x, normGain, normBias, batch * rows, d, eps, normalized, rstd);
        }
        return new Trace(batch, x, keep ? unfolded : null, normalized, rstd);
    }

    /**
     * Accumulates from dX [B][R][D] the gradients of the kernel and its bias, class and position embeddings and
     * LayerNorm into the arrays of {@code gradients}, a layer of this shape ({@link #map}).
     */
    public void backward(Parallel parallel, Trace trace, float[] dX, PatchEmbedding gradients) {
        float[] dKernel = gradients.kernel;
        float[] dClass = gradients.classEmbedding;
        float[] dPositions = gradients.positions;
        int batch = trace.batch();
        int rows = rows();
        int first = classRows();
        int patches = rows - first;
        int d = width;
        float[] dEmbedded = dX;
        if (normGain != null) {
            dEmbedded = new float[dX.length];
            LayerNorm.backward(parallel, dEmbedded, gradients.normGain, gradients.normBias, dX, trace.normalized(),
                    trace.rstd(), normGain, batch * rows, d);
        }
        float[] dPatchStates = new float[batch * patches * d];
        for (int b = 0; b < batch; b++) {
            int base = b * rows * d;
            if (dClass != null) {
                for (int i = 0; i < d; i++) {
                    dClass[i] += dEmbedded[base + i];
                }
            }
            if (dPositions != null) {
                for (int i = 0; i < rows * d; i++) {
                    dPositions[i] += dEmbedded[base + i];
                }
            }
            System.arraycopy(dEmbedded, base + first * d, dPatchStates, b * patches * d, patches * d);
        }
        if (dKernel != null) {
            Linear.backward(parallel, null, dKernel, gradients.kernelBias, dPatchStates, trace.unfolded(), kernel,
                    batch * patches, 3 * patchSize * patchSize, d);
        }
    }

    /** [B][N][3*p*p]: each patch flattened channel-major, as the convolution kernel is. */
    private float[] unfold(List<float[]> images) {
        int batch = images.size();
        int p = patchSize;
        int grid = grid();
        int size = imageSize;
        int patches = grid * grid;
        int length = 3 * p * p;
        float[] unfolded = new float[batch * patches * length];
        for (int b = 0; b < batch; b++) {
            float[] image = images.get(b);
            if (image.length != 3 * size * size) {
                throw new BadInputException(null, "image tensor has " + image.length + " values, the model expects 3x"
                        + size + "x" + size);
            }
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++) {
                    int base = (b * patches + gy * grid + gx) * length;
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < p; y++) {
                            System.arraycopy(image, (c * size + gy * p + y) * size + gx * p, unfolded,
                                    base + (c * p + y) * p, p);
                        }
                    }
                }
            }
        }
        return unfolded;
    }
}
