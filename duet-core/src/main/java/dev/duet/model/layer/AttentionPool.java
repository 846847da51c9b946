/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Attention;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

/**
 * CLIP's {@code AttentionPool2d}, the head of its ResNets: the N positions of the last map
 * [N][C] get their mean prepended as row 0, positions [1+N][C] are added, and one attention
 * whose only query is row 0 reads all 1+N rows; its output goes through {@code c_proj} (with
 * bias) to the embedding [P]. Q/K/V are fused, weight [3C][C] and bias [3C] as {@code q_proj},
 * {@code k_proj}, {@code v_proj} stacked.
 */
public record AttentionPool(float[] positions, float[] qkvWeight, float[] qkvBias, float[] outWeight, float[] outBias,
                            int width, int heads, int outputDim) {

    /**
     * What the derivative rules read: the rows with positions [B][1+N][C], the fused projections
     * [B][1+N][3C] (Q only in row 0), row 0's attention [B][H][1][1+N] and output [B][C].
     */
    public record Trace(int batch, int positions, float[] tokens, float[] qkv, float[] probs, float[] attended,
                        float[] embeddings) {
    }

    /** Parameter gradients, accumulated, in the shapes of the weights. */
    public record Gradients(float[] positions, float[] qkvWeight, float[] qkvBias, float[] outWeight, float[] outBias) {
        public static Gradients zerosOf(AttentionPool pool) {
            return new Gradients(new float[pool.positions.length], new float[pool.qkvWeight.length],
                    new float[pool.qkvBias.length], new float[pool.outWeight.length], new float[pool.outBias.length]);
        }
    }

    /** Embeddings [B][P] of maps x [B][N][C] (channel-last, N = positions). */
    public Trace forward(Parallel parallel, float[] x, int batch, int count) {
        int c = width;
        int rows = count + 1;
        float[] tokens = tokens(x, batch, count);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < rows * c; i++) {
                tokens[b * rows * c + i] += positions[i];
            }
        }
        float[] qkv = new float[batch * rows * 3 * c];
        QueryProjection.project(parallel, qkvWeight, c, qkv, tokens, qkvBias, batch, rows, 0, 1);
        float[] probs = new float[batch * heads * rows];
        float[] attended = new float[batch * c];
        Attention.forward(parallel, attended, probs, qkv, shape(rows), batch);
        float[] embeddings = new float[batch * outputDim];
        Linear.forward(parallel, embeddings, attended, outWeight, outBias, batch, c, outputDim);
        return new Trace(batch, count, tokens, qkv, probs, attended, embeddings);
    }

    /** Tangents of S maps [S][N][C] through a one-image trace -> [S][P]. */
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        int c = width;
        int rows = trace.positions() + 1;
        float[] tQkv = new float[directions * rows * 3 * c];
        QueryProjection.project(parallel, qkvWeight, c, tQkv, tokens(tX, directions, trace.positions()), null,
                directions, rows, 0, 1);
        float[] tAttended = new float[directions * c];
        Attention.tangent(parallel, tAttended, tQkv, trace.qkv(), trace.probs(), shape(rows), directions);
        float[] tOut = new float[directions * outputDim];
        Linear.tangent(parallel, tOut, tAttended, outWeight, directions, c, outputDim);
        return tOut;
    }

    /** Cotangents of S embeddings [S][P] through a one-image trace -> [S][N][C]. */
    public float[] cotangent(Parallel parallel, Trace trace, float[] dz, int count) {
        int c = width;
        int n = trace.positions();
        int rows = n + 1;
        float[] dAttended = new float[count * c];
        Linear.backward(parallel, dAttended, null, null, dz, null, outWeight, count, c, outputDim);
        float[] dQkv = new float[count * rows * 3 * c];
        Attention.cotangent(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(rows), count);
        float[] dTokens = new float[count * rows * c];
        Linear.backward(parallel, dTokens, null, null, dQkv, null, qkvWeight, count * rows, c, 3 * c);
        float[] dX = new float[count * n * c];
        for (int s = 0; s < count; s++) {
            int mean = s * rows * c;
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < c; i++) {
                    dX[(s * n + j) * c + i] = dTokens[mean + (1 + j) * c + i] + dTokens[mean + i] / n;
                }
            }
        }
        return dX;
    }

    /**
     * Gradient rule of a B-image trace: from dz [B][P], accumulates into {@code gradients} (null:
     * frozen) and returns the maps' gradient [B][N][C].
     */
    public float[] backward(Parallel parallel, Trace trace, float[] dz, Gradients gradients) {
        int c = width;
        int batch = trace.batch();
        int n = trace.positions();
        int rows = n + 1;
        boolean trains = gradients != null;
        float[] dAttended = new float[batch * c];
        Linear.backward(parallel, dAttended, trains ? gradients.outWeight() : null, trains ? gradients.outBias() : null, dz,
                trace.attended(), outWeight, batch, c, outputDim);
        float[] dQkv = new float[batch * rows * 3 * c];
        Attention.backward(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(rows), batch);
        float[] dTokens = new float[batch * rows * c];
        Linear.backward(parallel, dTokens, trains ? gradients.qkvWeight() : null, trains ? gradients.qkvBias() : null, dQkv,
                trace.tokens(), qkvWeight, batch * rows, c, 3 * c);
        float[] dX = new float[batch * n * c];
        for (int b = 0; b < batch; b++) {
            int base = b * rows * c;
            if (trains) {
                for (int i = 0; i < rows * c; i++) {
                    gradients.positions()[i] += dTokens[base + i];
                }
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < c; i++) {
                    dX[(b * n + j) * c + i] = dTokens[base + (1 + j) * c + i] + dTokens[base + i] / n;
                }
            }
        }
        return dX;
    }

    /** [B][1+N][C]: the mean of the N rows, then the rows (no positions). */
    private float[] tokens(float[] x, int batch, int count) {
        int c = width;
        int rows = count + 1;
        float[] tokens = new float[batch * rows * c];
        for (int b = 0; b < batch; b++) {
            int base = b * rows * c;
            System.arraycopy(x, b * count * c, tokens, base + c, count * c);
            for (int j = 0; j < count; j++) {
                for (int i = 0; i < c; i++) {
                    tokens[base + i] += x[(b * count + j) * c + i];
                }
            }
            for (int i = 0; i < c; i++) {
                tokens[base + i] /= count;
            }
        }
        return tokens;
    }

    private Attention.Shape shape(int rows) {
        return new Attention.Shape(rows, width, heads, 0, 1, false);
    }
}
