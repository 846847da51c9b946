/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Attention;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.function.UnaryOperator;

/**
 * SigLIP's image head: {@code post_layernorm} on every row, then attention pooling by a learned
 * probe (the probe is the only query; keys and values are the N rows), the attention's output r
 * becomes {@code r + fc2(act(fc1(LN(r))))}. x [B][N][D] -> embeddings [B][D].
 *
 * <p>The probe's query is a constant, so it fills the query slot of row 0 in the fused
 * projections [N][3D] and attention runs with row 0 as its one query over all N keys; its
 * tangent there is zero. Weights: in_proj [3D][D] and its bias (Q, K, V), out_proj [D][D].
 */
public record ProbePooling(float[] postGain, float[] postBias, float[] probe, float[] inWeight, float[] inBias,
                           float[] outWeight, float[] outBias, float[] normGain, float[] normBias, float[] fc1Weight,
                           float[] fc1Bias, float[] fc2Weight, float[] fc2Bias, int width, int intermediate, int heads,
                           Activation activation, float eps) {

    /** What the derivative rules read, for B = 1 in the tangent and cotangent. */
    public record Trace(int batch, int rows,
                        float[] postNormalized, float[] postRstd,   // [B*N][D] xh, [B*N]
                        float[] normed,                             // [B*N][D] post_layernorm's output
                        float[] qkv,                                // [B][N][3D], Q only in row 0
                        float[] probs,                              // [B][H][1][N]
                        float[] attended,                           // [B][D] before out_proj
                        float[] pooled,                             // [B][D] r
                        ProjectionHead.Trace mlpIn,                 // LN(r) and fc1's output [B][I] ({@link #mlpIn})
                        float[] activated,                          // [B][I]
                        float[] embeddings) {                       // [B][D]
    }

    /** The MLP's way in, LN(r) then fc1: a LayerNorm and a projection with a bias, as a tower's head is. */
    private ProjectionHead mlpIn() {
        return new ProjectionHead(normGain, normBias, fc1Weight, fc1Bias, width, intermediate, eps);
    }

    /**
     * The same head with each array replaced by {@code array.apply(it)}: copies ({@code float[]::clone}), or
     * zeros of the same shapes, into which {@link #backward} accumulates gradients.
     */
    public ProbePooling map(UnaryOperator<float[]> array) {
        return new ProbePooling(array.apply(postGain), array.apply(postBias), array.apply(probe),
                array.apply(inWeight), array.apply(inBias), array.apply(outWeight), array.apply(outBias),
                array.apply(normGain), array.apply(normBias), array.apply(fc1Weight), array.apply(fc1Bias),
                array.apply(fc2Weight), array.apply(fc2Bias), width, intermediate, heads, activation, eps);
    }

    public Trace forward(Parallel parallel, float[] x, int batch, int rows) {
        int d = width;
        int n = batch * rows;
        float[] postNormalized = new float[n * d];
        float[] postRstd = new float[n];
        float[] normed = new float[n * d];
        LayerNorm.forward(parallel, normed, x, postGain, postBias, n, d, eps, postNormalized, postRstd);
        float[] qkv = new float[n * 3 * d];
        Linear.forward(parallel, qkv, normed, inWeight, inBias, n, d, 3 * d);
        float[] query = new float[d];
        Linear.forward(Parallel.serial(), query, probe, inWeight, inBias, 1, d, d);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(query, 0, qkv, b * rows * 3 * d, d);
        }
        float[] probs = new float[batch * heads * rows];
        float[] attended = new float[batch * d];
        Attention.forward(parallel, attended, probs, qkv, shape(rows), batch);
        float[] pooled = new float[batch * d];
        Linear.forward(parallel, pooled, attended, outWeight, outBias, batch, d, d);
        ProjectionHead.Trace mlpIn = mlpIn().forward(parallel, pooled, batch);
        float[] activated = new float[batch * intermediate];
        activation.forward(activated, mlpIn.embeddings(), 0, activated.length);
        float[] embeddings = new float[batch * d];
        Linear.forward(parallel, embeddings, activated, fc2Weight, fc2Bias, batch, intermediate, d);
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] += pooled[i];
        }
        return new Trace(batch, rows, postNormalized, postRstd, normed, qkv, probs, attended, pooled, mlpIn, activated,
                embeddings);
    }

    /** Tangents of S directions [S][N][D] through a one-image trace -> [S][D]. */
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        int d = width;
        int rows = trace.rows();
        float[] tNormed = new float[directions * rows * d];
        LayerNorm.tangent(parallel, tNormed, tX, trace.postNormalized(), trace.postRstd(), postGain, rows, d, directions);
        float[] tQkv = new float[directions * rows * 3 * d];
        Linear.tangent(parallel, tQkv, tNormed, inWeight, directions * rows, d, 3 * d);
        for (int s = 0; s < directions; s++) {
            // the probe's query is constant
            java.util.Arrays.fill(tQkv, s * rows * 3 * d, s * rows * 3 * d + d, 0f);
        }
        float[] tAttended = new float[directions * d];
        Attention.tangent(parallel, tAttended, tQkv, trace.qkv(), trace.probs(), shape(rows), directions);
        float[] tPooled = new float[directions * d];
        Linear.tangent(parallel, tPooled, tAttended, outWeight, directions, d, d);
        float[] tHidden = mlpIn().tangent(parallel, trace.mlpIn(), tPooled, directions);
        activation.tangent(parallel, tHidden, trace.mlpIn().embeddings(), intermediate, directions);
        float[] tOut = new float[directions * d];
        Linear.tangent(parallel, tOut, tHidden, fc2Weight, directions, intermediate, d);
        for (int i = 0; i < tOut.length; i++) {
            tOut[i] += tPooled[i];
        }
        return tOut;
    }

    /** Cotangents of S embeddings [S][D] through a one-image trace -> [S][N][D]; the transpose of {@link #tangent}. */
    public float[] cotangent(Parallel parallel, Trace trace, float[] dz, int count) {
        int d = width;
        int rows = trace.rows();
        float[] dHidden = new float[count * intermediate];
        Linear.backward(parallel, dHidden, null, null, dz, null, fc2Weight, count, intermediate, d);
        activation.tangent(parallel, dHidden, trace.mlpIn().embeddings(), intermediate, count);
        float[] dPooled = mlpIn().cotangent(parallel, trace.mlpIn(), dHidden, count);
        for (int i = 0; i < dPooled.length; i++) {
            dPooled[i] += dz[i];
        }
        float[] dAttended = new float[count * d];
        Linear.backward(parallel, dAttended, null, null, dPooled, null, outWeight, count, d, d);
        float[] dQkv = new float[count * rows * 3 * d];
        Attention.cotangent(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(rows), count);
        for (int s = 0; s < count; s++) {
            java.util.Arrays.fill(dQkv, s * rows * 3 * d, s * rows * 3 * d + d, 0f);
        }
        float[] dNormed = new float[count * rows * d];
        Linear.backward(parallel, dNormed, null, null, dQkv, null, inWeight, count * rows, d, 3 * d);
        float[] dX = new float[count * rows * d];
        LayerNorm.cotangent(parallel, dX, dNormed, trace.postNormalized(), trace.postRstd(), postGain, rows, d, count);
        return dX;
    }

    /**
     * Gradient rule of a B-image trace: from dz [B][D], accumulates into the arrays of {@code gradients}
     * (a head of this shape, {@link #map}; null: frozen) and returns the rows' gradient [B][N][D]. The
     * probe's query gets the gradient of Q in row 0's slot; the rows' projections get those of K and V only.
     */
    public float[] backward(Parallel parallel, Trace trace, float[] dz, ProbePooling gradients) {
        int d = width;
        int batch = trace.batch();
        int rows = trace.rows();
        ProbePooling g = gradients;
        boolean trains = g != null;
        float[] dActivated = new float[batch * intermediate];
        Linear.backward(parallel, dActivated, trains ? g.fc2Weight() : null, trains ? g.fc2Bias() : null, dz,
                trace.activated(), fc2Weight, batch, intermediate, d);
        activation.backward(dActivated, trace.mlpIn().embeddings(), 0, dActivated.length);
        float[] dPooled = new float[batch * d];
        mlpIn().backward(parallel, trace.mlpIn(), dActivated, dPooled, trains ? g.normGain() : null,
                trains ? g.normBias() : null, trains ? g.fc1Weight() : null, trains ? g.fc1Bias() : null);
        for (int i = 0; i < dPooled.length; i++) {
            dPooled[i] += dz[i];
        }
        float[] dAttended = new float[batch * d];
        Linear.backward(parallel, dAttended, trains ? g.outWeight() : null, trains ? g.outBias() : null, dPooled,
                trace.attended(), outWeight, batch, d, d);
        float[] dQkv = new float[batch * rows * 3 * d];
        Attention.backward(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(rows), batch);
        float[] dQuery = new float[batch * d];
        for (int b = 0; b < batch; b++) {
            // row 0's Q came from the probe, not from row 0
            System.arraycopy(dQkv, b * rows * 3 * d, dQuery, b * d, d);
            java.util.Arrays.fill(dQkv, b * rows * 3 * d, b * rows * 3 * d + d, 0f);
        }
        float[] dProbe = new float[batch * d];
        float[] probes = new float[batch * d];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(probe, 0, probes, b * d, d);
        }
        float[] queryWeight = java.util.Arrays.copyOf(inWeight, d * d);
        float[] dQueryWeight = trains ? new float[d * d] : null;
        float[] dQueryBias = trains ? new float[d] : null;
        Linear.backward(parallel, dProbe, dQueryWeight, dQueryBias, dQuery, probes, queryWeight, batch, d, d);
        if (trains) {
            for (int i = 0; i < d * d; i++) {
                g.inWeight()[i] += dQueryWeight[i];
            }
            for (int i = 0; i < d; i++) {
                g.inBias()[i] += dQueryBias[i];
            }
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < d; i++) {
                    g.probe()[i] += dProbe[b * d + i];
                }
            }
        }
        float[] dNormed = new float[batch * rows * d];
        Linear.backward(parallel, dNormed, trains ? g.inWeight() : null, trains ? g.inBias() : null, dQkv, trace.normed(),
                inWeight, batch * rows, d, 3 * d);
        float[] dX = new float[batch * rows * d];
        LayerNorm.backward(parallel, dX, trains ? g.postGain() : null, trains ? g.postBias() : null, dNormed, trace.postNormalized(),
                trace.postRstd(), postGain, batch * rows, d);
        return dX;
    }

    private Attention.Shape shape(int rows) {
        return new Attention.Shape(rows, width, heads, 0, 1, false);
    }
}
