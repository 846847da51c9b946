/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

/**
 * The top of a tower on its pooled rows: LayerNorm ({@code final_layer_norm} of a text tower,
 * {@code post_layernorm} of CLIP's vision tower), then the projection (bias-free in CLIP; with
 * a bias in SigLIP's text {@code head}; also the way into SigLIP's probe MLP, its LayerNorm and
 * fc1). Shapes: pooled [B][D] -> embeddings [B][P];
 * projection [P][D], projectionBias [P] or null.
 */
public record ProjectionHead(float[] gain, float[] bias, float[] projection, float[] projectionBias, int width,
                             int projectionDim, float eps) {

    /** What one forward keeps for the derivative rules. */
    public record Trace(int batch,
                        float[] normalized,   // [B][D] xh
                        float[] rstd,         // [B]
                        float[] output,       // [B][D] LayerNorm output, the projection's input
                        float[] embeddings) { // [B][P], unnormalised
    }

    /** The head on B pooled rows [B][D]. */
    public Trace forward(Parallel parallel, float[] pooled, int batch) {
        float[] normalized = new float[batch * width];
        float[] rstd = new float[batch];
        float[] output = new float[batch * width];
        LayerNorm.forward(output, pooled, gain, bias, batch, width, eps, normalized, rstd);
        float[] embeddings = new float[batch * projectionDim];
        Linear.forward(parallel, embeddings, output, projection, projectionBias, batch, width, projectionDim);
        return new Trace(batch, normalized, rstd, output, embeddings);
    }

    /** The embedding [P] of one pooled row [D]. */
    public float[] embed(float[] pooledRow) {
        return forward(Parallel.serial(), pooledRow, 1).embeddings();
    }

    /**
     * Tangent rule at the primal of a one-row trace, for S tangents of the pooled row [S][D]:
     * {@code t_z = P (g * (t_x - mean(t_x) - xh * mean(xh * t_x)) * rstd)}, returns [S][P].
     */
    public float[] tangent(Parallel parallel, Trace trace, float[] tPooled, int directions) {
        float[] tNormalized = new float[directions * width];
        LayerNorm.tangent(parallel, tNormalized, tPooled, trace.normalized(), trace.rstd(), gain, 1, width, directions);
        float[] tangents = new float[directions * projectionDim];
        Linear.tangent(parallel, tangents, tNormalized, projection, directions, width, projectionDim);
        return tangents;
    }

    /** Cotangent rule, the transpose of {@link #tangent}: S cotangents of the embedding [S][P] to the pooled row's [S][D]. */
    public float[] cotangent(Parallel parallel, Trace trace, float[] dEmbeddings, int count) {
        float[] dOutput = new float[count * width];
        Linear.backward(parallel, dOutput, null, null, dEmbeddings, null, projection, count, width, projectionDim);
        float[] dPooled = new float[count * width];
        LayerNorm.cotangent(parallel, dPooled, dOutput, trace.normalized(), trace.rstd(), gain, 1, width, count);
        return dPooled;
    }

    /**
     * Gradient rule of a B-row trace: from dEmbeddings [B][P], accumulates the parameter
     * gradients (null for a frozen head; dProjectionBias also null for a head without that bias)
     * and writes dPooled [B][D] (skipped when null).
     */
    public void backward(Parallel parallel, Trace trace, float[] dEmbeddings, float[] dPooled,
                         float[] dGain, float[] dBias, float[] dProjection, float[] dProjectionBias) {
        int batch = trace.batch();
        float[] dOutput = new float[batch * width];
        Linear.backward(parallel, dOutput, dProjection, dProjectionBias, dEmbeddings, trace.output(), projection, batch,
                width, projectionDim);
        float[] dInput = dPooled != null ? dPooled : new float[batch * width];
        LayerNorm.backward(parallel, dInput, dGain, dBias, dOutput, trace.normalized(), trace.rstd(), gain, batch, width);
    }
}
