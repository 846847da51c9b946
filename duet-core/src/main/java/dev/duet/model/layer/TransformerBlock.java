/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Attention;
import dev.duet.tensor.Gemm;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Matrix;
import dev.duet.tensor.Parallel;
import dev.duet.tensor.Scratch;
import dev.duet.tensor.Scratch.Role;

import java.util.List;

/**
 * The pre-LN block both CLIP towers share: {@code x += out(Attn(qkv(LN1(x))))}, then
 * {@code x += fc2(act(fc1(LN2(x))))}. One forward ({@link #forward}) fills one {@link Trace};
 * the derivative rules read it: {@link #tangent} and {@link #tangentFromRows} (forward mode,
 * the explanation's factors), {@link #cotangent} (reverse mode, input only) and
 * {@link #backward} (training: input and weights).
 *
 * <p>Shapes: x [B][T][D]; the block computes its output for the query rows [q0, q0 + Tq) of
 * every sequence (all rows, except in the last block before pooling, which needs only the
 * pooled row); n = B*T, m = B*Tq; I = intermediate width, H heads of Dh = D/H.
 */
public record TransformerBlock(BlockWeights weights, int width, int intermediate, int heads,
                               boolean causal, Activation activation, float eps) {

    /** Rows per chunk when element-wise loops are split over threads. */
    private static final int ROW_GRAIN = 16;
    /** Elements of an element-wise pass per chunk worth a second thread (64 KiB of floats). */
    private static final int ELEMENT_GRAIN = 1 << 14;

    /**
     * The buffers of one forward and what the derivative rules read from them. A trace for
     * inference keeps no LayerNorm statistics and runs the activation in place; one for
     * derivatives keeps everything the four rules need. Every block of a tower has the same
     * widths, so one trace serves them all in turn, and training reuses its traces from step to
     * step while the batch shape stays.
     */
    public record Trace(int batch, int rows, int queryFrom, int queryCount,
                        float[] norm1, float[] rstd1,   // [n][D] xh of LN1, [n]; null for inference
                        float[] normalized,             // [n][D] LN1 output, then [m][D] LN2 output
                        float[] qkv,                    // [n][3D], queries only on query rows
                        float[] probs,                  // [B][H][Tq][T]
                        float[] attended,               // [m][D] per-head outputs before out_proj
                        float[] queryState,             // [m][D] the query rows' state when Tq < T, else null (x itself)
                        float[] projected,              // [m][D] out_proj, then fc2 output
                        float[] norm2, float[] rstd2,   // [m][D] xh of LN2, [m]; null for inference
                        float[] preActivation,          // [m][I]
                        float[] activated) {            // [m][I], the same array as preActivation for inference

        private boolean keepsDerivatives() {
            return norm1 != null;
        }
    }

    /** A trace for inference over {@code batch} sequences of {@code rows} rows. */
    public Trace inferenceTrace(int batch, int rows) {
        return trace(batch, rows, 0, rows, false);
    }

    /** A trace for inference, outputs for query rows [queryFrom, queryFrom + queryCount). */
    public Trace inferenceTrace(int batch, int rows, int queryFrom, int queryCount) {
        return trace(batch, rows, queryFrom, queryCount, false);
    }

    /** A trace that keeps what the derivative rules need, outputs for query rows [queryFrom, queryFrom + queryCount). */
    public Trace derivativeTrace(int batch, int rows, int queryFrom, int queryCount) {
        return trace(batch, rows, queryFrom, queryCount, true);
    }

    private Trace trace(int batch, int rows, int queryFrom, int queryCount, boolean derivatives) {
        if (batch < 1 || rows < 1 || queryFrom < 0 || queryCount < 1 || queryFrom + queryCount > rows) {
            throw new IllegalArgumentException("trace of " + batch + " x " + rows + " rows, queries " + queryFrom
                    + "+" + queryCount);
        }
        int n = Math.multiplyExact(batch, rows);
        int m = batch * queryCount;
        float[] preActivation = new float[Math.multiplyExact(m, intermediate)];
        return new Trace(batch, rows, queryFrom, queryCount,
                derivatives ? new float[Math.multiplyExact(n, width)] : null, derivatives ? new float[n] : null,
                new float[Math.multiplyExact(n, width)], new float[Math.multiplyExact(n, 3 * width)],
                new float[Math.multiplyExact(Math.multiplyExact(batch, heads), queryCount * rows)],
                new float[m * width], queryCount < rows ? new float[m * width] : null, new float[m * width],
                derivatives ? new float[m * width] : null, derivatives ? new float[m] : null,
                preActivation, derivatives ? new float[preActivation.length] : preActivation);
    }

    /** The blocks of a tower over their weights (shared, not copied), all of one shape. */
    public static List<TransformerBlock> stack(List<BlockWeights> weights, int width, int intermediate, int heads,
                                               boolean causal, Activation activation, float eps) {
        return weights.stream()
                .map(block -> new TransformerBlock(block, width, intermediate, heads, causal, activation, eps))
                .toList();
    }

    /** Runs {@code blocks} in order on x [B][T][D] in place, sharing one inference trace. */
    public static void forwardAll(List<TransformerBlock> blocks, Parallel parallel, float[] x, int batch, int rows) {
        forwardAll(blocks, parallel, x, batch, rows, 0, rows);
    }

    /**
     * Runs {@code blocks} in order on x [B][T][D] in place, the top block on rows [topFrom, topFrom + topCount) of
     * each sequence only (the others keep its input): a readout of one row (CLIP's class row) spares the top block's
     * MLP, output projection and queries on every other row.
     */
    public static void forwardAll(List<TransformerBlock> blocks, Parallel parallel, float[] x, int batch, int rows,
                                  int topFrom, int topCount) {
        if (blocks.isEmpty()) {
            return;
        }
        int top = blocks.size() - 1;
        Trace trace = blocks.get(0).inferenceTrace(batch, rows);
        for (TransformerBlock block : blocks.subList(0, top)) {
            block.forward(parallel, x, trace);
        }
        blocks.get(top).forward(parallel, x,
                topCount == rows ? trace : blocks.get(top).inferenceTrace(batch, rows, topFrom, topCount));
    }

    /**
     * The block on x [B][T][D], in place on the query rows (the other rows keep their input),
     * filling {@code trace}.
     */
    public void forward(Parallel parallel, float[] x, Trace trace) {
        int d = width;
        int n = trace.batch() * trace.rows();
        int m = trace.batch() * trace.queryCount();
        if (trace.normalized().length != n * d || trace.preActivation().length != m * intermediate
                || trace.probs().length != trace.batch() * heads * trace.queryCount() * trace.rows()) {
            throw new IllegalArgumentException("trace made for another block shape");
        }
        LayerNorm.forward(parallel, trace.normalized(), x, weights.norm1Gain(), weights.norm1Bias(), n, d, eps,
                trace.norm1(), trace.rstd1());
        QueryProjection.project(parallel, weights.qkvWeight(), width, trace.qkv(), trace.normalized(), weights.qkvBias(),
                trace.batch(), trace.rows(), trace.queryFrom(), trace.queryCount());
        Attention.forward(parallel, trace.attended(), trace.probs(), trace.qkv(), shape(trace), trace.batch());
        float[] state = x;
        if (trace.queryState() != null) {
            state = trace.queryState();
            copyQueryRows(x, state, trace, true);
        }
        Linear.forward(parallel, trace.projected(), trace.attended(), weights.outWeight(), weights.outBias(), m, d, d);
        add(parallel, state, trace.projected(), m * d);
        LayerNorm.forward(parallel, trace.normalized(), state, weights.norm2Gain(), weights.norm2Bias(), m, d, eps,
                trace.norm2(), trace.rstd2());
        Linear.forward(parallel, trace.preActivation(), trace.normalized(), weights.fc1Weight(), weights.fc1Bias(), m, d,
                intermediate);
        // the activation's exp is a sizeable share of a pass: split it over rows
        parallel.forRange(m, ROW_GRAIN, (from, to) -> activation.forward(trace.activated(), trace.preActivation(),
                from * intermediate, (to - from) * intermediate));
        Linear.forward(parallel, trace.projected(), trace.activated(), weights.fc2Weight(), weights.fc2Bias(), m,
                intermediate, d);
        add(parallel, state, trace.projected(), m * d);
        if (state != x) {
            copyQueryRows(x, state, trace, false);
        }
    }

    /** Copies the query rows of x [B][T][D] into rows [B][Tq][D] (gather), or back (scatter). */
    private void copyQueryRows(float[] x, float[] queryRows, Trace trace, boolean gather) {
        int d = width;
        int length = trace.queryCount() * d;
        for (int b = 0; b < trace.batch(); b++) {
            int inX = (b * trace.rows() + trace.queryFrom()) * d;
            if (gather) {
                System.arraycopy(x, inX, queryRows, b * length, length);
            } else {
                System.arraycopy(queryRows, b * length, x, inX, length);
            }
        }
    }

    /**
     * Tangent rule for dense tangents tX [S][T][D] through the primal of a one-sequence trace;
     * returns the output tangents [S][Tq][D].
     */
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        checkDerivatives(trace, false);
        int d = width;
        int rows = trace.rows();
        int n = directions * rows;
        float[] tNormalized = Scratch.floats(Role.NORMALIZED, n * d);
        LayerNorm.tangent(parallel, tNormalized, tX, trace.norm1(), trace.rstd1(), weights.norm1Gain(), rows, d, directions);
        float[] tQkv = Scratch.floats(Role.QKV, n * 3 * d);
        QueryProjection.project(parallel, weights.qkvWeight(), width, tQkv, tNormalized, null, directions, rows,
                trace.queryFrom(), trace.queryCount());
        int outputCount = directions * trace.queryCount() * d;
        float[] tAttended = Scratch.floats(Role.ATTENDED, outputCount);
        Attention.tangent(parallel, tAttended, tQkv, trace.qkv(), trace.probs(), shape(trace), directions);
        float[] tResidual = Scratch.floats(Role.RESIDUAL, outputCount);
        Linear.tangent(parallel, tResidual, tAttended, weights.outWeight(), directions * trace.queryCount(), d, d);
        for (int s = 0; s < directions; s++) {
            int to = s * trace.queryCount() * d;
            int from = (s * rows + trace.queryFrom()) * d;
            for (int i = 0; i < trace.queryCount() * d; i++) {
                tResidual[to + i] += tX[from + i];
            }
        }
        return mlpTangent(parallel, trace, tResidual, directions);
    }

    /**
     * Tangent rule for directions that each start on one row: direction s is {@code tRows[s]} [D]
     * on row {@code sourceRows[s]} and zero elsewhere. Until attention mixes rows, each tangent
     * stays on its row, so LN1 and the Q/K/V projection cost one row per direction
     * (docs/method.md, exact shortcuts). Returns the output tangents [S][Tq][D].
     */
    public float[] tangentFromRows(Parallel parallel, Trace trace, float[] tRows, int[] sourceRows, int directions) {
        checkDerivatives(trace, false);
        int d = width;
        float[] tNormalized = Scratch.floats(Role.NORMALIZED, directions * d);
        for (int s = 0; s < directions; s++) {
            int row = sourceRows[s];
            LayerNorm.tangentRow(tNormalized, s * d, tRows, s * d, trace.norm1(), row * d, trace.rstd1()[row],
                    weights.norm1Gain(), d);
        }
        float[] tQkvRows = Scratch.floats(Role.QKV, directions * 3 * d);
        Matrix qkvWeight = Matrix.of(weights.qkvWeight(), 3 * d, d);
        Matrix inputs = Matrix.of(tNormalized, directions, d);
        Matrix outputs = Matrix.of(tQkvRows, directions, 3 * d);
        Gemm.multiply(parallel, inputs, qkvWeight.rows(d, 2 * d).t(), outputs.cols(d, 2 * d), false);
        for (int s = 0; s < directions; s++) {
            // a query tangent matters only on a query row (Attention.tangentFromRows)
            if (sourceRows[s] >= trace.queryFrom() && sourceRows[s] < trace.queryFrom() + trace.queryCount()) {
                Gemm.multiply(Parallel.serial(), inputs.rows(s, 1), qkvWeight.rows(0, d).t(),
                        outputs.rows(s, 1).cols(0, d), false);
            }
        }
        int outputCount = directions * trace.queryCount() * d;
        float[] tAttended = Scratch.floats(Role.ATTENDED, outputCount);
        Attention.tangentFromRows(parallel, tAttended, tQkvRows, sourceRows, trace.qkv(), trace.probs(),
                trace.attended(), shape(trace), directions);
        float[] tResidual = Scratch.floats(Role.RESIDUAL, outputCount);
        Linear.tangent(parallel, tResidual, tAttended, weights.outWeight(), directions * trace.queryCount(), d, d);
        for (int s = 0; s < directions; s++) {
            int query = sourceRows[s] - trace.queryFrom();
            if (query >= 0 && query < trace.queryCount()) {
                int to = (s * trace.queryCount() + query) * d;
                for (int i = 0; i < d; i++) {
                    tResidual[to + i] += tRows[s * d + i];
                }
            }
        }
        return mlpTangent(parallel, trace, tResidual, directions);
    }

    /** Second half of the block: {@code t_out = t_res + fc2(act'(pre) * fc1(LN2'(t_res)))}. */
    private float[] mlpTangent(Parallel parallel, Trace trace, float[] tResidual, int directions) {
        int d = width;
        int rows = directions * trace.queryCount();
        float[] tNormalized = Scratch.floats(Role.NORMALIZED, rows * d);
        LayerNorm.tangent(parallel, tNormalized, tResidual, trace.norm2(), trace.rstd2(), weights.norm2Gain(),
                trace.queryCount(), d, directions);
        float[] tHidden = Scratch.floats(Role.HIDDEN, rows * intermediate);
        Linear.tangent(parallel, tHidden, tNormalized, weights.fc1Weight(), rows, d, intermediate);
        activation.tangent(parallel, tHidden, trace.preActivation(), trace.queryCount() * intermediate, directions);
        float[] tOut = new float[rows * d];
        Linear.tangent(parallel, tOut, tHidden, weights.fc2Weight(), rows, intermediate, d);
        add(parallel, tOut, tResidual, rows * d);
        return tOut;
    }

    /**
     * Gradient rule for the input only, for {@code count} cotangents through the primal of a
     * one-sequence trace (the transpose of {@link #tangent}, as reverse-mode attributions need):
     * dOut [S][Tq][D] are cotangents of the query rows' outputs; returns those of the input
     * [S][T][D]. The weights get no gradients.
     */
    public float[] cotangent(Parallel parallel, Trace trace, float[] dOut, int count) {
        checkDerivatives(trace, false);
        int d = width;
        int rows = trace.rows();
        int queries = trace.queryCount();
        int n = count * queries;
        float[] dHidden = Scratch.floats(Role.HIDDEN, n * intermediate);
        Linear.backward(parallel, dHidden, null, null, dOut, null, weights.fc2Weight(), n, intermediate, d);
        activation.tangent(parallel, dHidden, trace.preActivation(), queries * intermediate, count);
        float[] dNormalized = Scratch.floats(Role.NORMALIZED, n * d);
        Linear.backward(parallel, dNormalized, null, null, dHidden, null, weights.fc1Weight(), n, d, intermediate);
        float[] dResidual = Scratch.floats(Role.RESIDUAL, n * d);
        LayerNorm.cotangent(parallel, dResidual, dNormalized, trace.norm2(), trace.rstd2(), weights.norm2Gain(),
                queries, d, count);
        add(parallel, dResidual, dOut, n * d);
        float[] dAttended = dNormalized;
        Linear.backward(parallel, dAttended, null, null, dResidual, null, weights.outWeight(), n, d, d);
        float[] dNormalizedInput;
        if (2L * heads * queries * rows + 2L * queries * d < 3L * rows * d) {
            dNormalizedInput = fewQueryCotangent(parallel, trace, dAttended, count);
        } else {
            float[] dQkv = Scratch.floats(Role.QKV, count * rows * 3 * d);
            Attention.cotangent(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(trace), count);
            dNormalizedInput = Scratch.floats(Role.NORMALIZED_INPUT, count * rows * d);
            Linear.backward(parallel, dNormalizedInput, null, null, dQkv, null, weights.qkvWeight(), count * rows, d, 3 * d);
        }
        float[] dX = new float[count * rows * d];
        LayerNorm.cotangent(parallel, dX, dNormalizedInput, trace.norm1(), trace.rstd1(), weights.norm1Gain(),
                rows, d, count);
        for (int s = 0; s < count; s++) {
            int to = (s * rows + trace.queryFrom()) * d;
            int from = s * queries * d;
            for (int i = 0; i < queries * d; i++) {
                dX[to + i] += dResidual[from + i];
            }
        }
        return dX;
    }

    /**
     * The cotangent of LN1's output [S][T][D] from that of the attention output [S][Tq][D] when
     * the queries are few (the pooled row of the last block). Then the gradients of K and V have
     * rank Tq per head, {@code dK_h = dS_h^T Q_h}, {@code dV_h = P_h^T dO_h}, and their share of the
     * input gradient is {@code dS_h^T (Q_h W_K,h) + P_h^T (dO_h W_V,h)}: products of depth H * Tq
     * instead of 2D, with {@code Q_h W_K,h} shared by all cotangents. Queries add {@code dQ W_Q}.
     * Shapes: dS [S][H][Tq][T], R = Q W_K and G = dO W_V per head [H][Tq][D].
     */
    private float[] fewQueryCotangent(Parallel parallel, Trace trace, float[] dAttended, int count) {
        int d = width;
        int rows = trace.rows();
        int queries = trace.queryCount();
        int headWidth = d / heads;
        int depth = heads * queries;
        Matrix qkv = Matrix.of(trace.qkv(), rows, 3 * d);
        Matrix weight = Matrix.of(weights.qkvWeight(), 3 * d, d);   // rows W_Q, W_K, W_V, each [D][D]
        Matrix queryRows = qkv.rows(trace.queryFrom(), queries);
        float[] dScores = Scratch.floats(Role.SCORES, count * depth * rows);
        Attention.scoreCotangents(parallel, dScores, dAttended, trace.qkv(), trace.probs(), shape(trace), count);
        float[] keyShare = Scratch.floats(Role.KEY_SHARE, depth * d);   // [H][Tq][D]: Q_h W_K,h
        for (int h = 0; h < heads; h++) {
            Gemm.multiply(Parallel.serial(), queryRows.cols(h * headWidth, headWidth),
                    weight.rows(d + h * headWidth, headWidth), Matrix.of(keyShare, h * queries * d, queries, d), false);
        }
        Matrix keys = Matrix.of(keyShare, depth, d);
        Matrix probs = Matrix.of(trace.probs(), depth, rows);
        float[] dNormalizedInput = Scratch.floats(Role.NORMALIZED_INPUT, count * rows * d);
        parallel.forRange(count, 1, (from, to) -> {
            float[] valueShare = Scratch.floats(Role.VALUE_SHARE, depth * d);  // [H][Tq][D]: dO_h W_V,h
            float[] dQuery = Scratch.floats(Role.QUERY, queries * d);  // [Tq][D]: dS_h K_h, heads side by side
            Matrix values = Matrix.of(valueShare, depth, d);
            for (int s = from; s < to; s++) {
                Matrix dOut = Matrix.of(dAttended, s * queries * d, queries, d);
                Matrix scores = Matrix.of(dScores, s * depth * rows, depth, rows);
                for (int h = 0; h < heads; h++) {
                    Gemm.multiply(Parallel.serial(), dOut.cols(h * headWidth, headWidth),
                            weight.rows(2 * d + h * headWidth, headWidth), values.rows(h * queries, queries), false);
                    Gemm.multiply(Parallel.serial(), scores.rows(h * queries, queries),
                            qkv.cols(d + h * headWidth, headWidth),
                            Matrix.strided(dQuery, h * headWidth, queries, headWidth, d), false);
                }
                Matrix dInput = Matrix.of(dNormalizedInput, s * rows * d, rows, d);
                Gemm.multiply(Parallel.serial(), scores.t(), keys, dInput, false);
                Gemm.multiply(Parallel.serial(), probs.t(), values, dInput, true);
                Gemm.multiply(Parallel.serial(), Matrix.of(dQuery, queries, d), weight.rows(0, d),
                        dInput.rows(trace.queryFrom(), queries), true);
            }
        });
        return dNormalizedInput;
    }

    /**
     * Gradient rule, the reverse of {@link #forward}, for a trace that keeps derivatives: dX
     * [B][T][D] holds the gradient of the output on entry and that of the input on return. When
     * the trace queries only rows [q0, q0 + Tq) (a last block read at its pooled row), the other
     * rows' outputs are their inputs, so their gradient passes through unchanged, plus what
     * reaches them as keys and values. Parameter gradients are accumulated into
     * {@code gradients} (same shapes as the weights), or not computed when it is null (a frozen
     * block). When {@code inputGradient} is false nothing below needs dX: the path through
     * LayerNorm 1 is not added and dX is left undefined.
     */
    public void backward(Parallel parallel, Trace trace, float[] dX, BlockWeights gradients, boolean inputGradient) {
        checkDerivatives(trace, true);
        int n = trace.batch() * trace.rows();
        int m = trace.batch() * trace.queryCount();
        int d = width;
        int i = intermediate;
        BlockWeights g = gradients;
        boolean trainable = g != null;
        // dState [m][D]: the gradient of the query rows' output, then of their state after attention
        float[] dState = dX;
        if (trace.queryState() != null) {
            dState = Scratch.floats(Role.STATE, m * d);
            copyQueryRows(dX, dState, trace, true);
        }
        float[] dHidden = Scratch.floats(Role.HIDDEN, m * i);
        Linear.backward(parallel, dHidden, trainable ? g.fc2Weight() : null, trainable ? g.fc2Bias() : null, dState,
                trace.activated(), weights.fc2Weight(), m, i, d);
        float[] pre = trace.preActivation();
        parallel.forRange(m, ROW_GRAIN, (from, to) -> activation.backward(dHidden, pre, from * i, (to - from) * i));
        float[] normalized = trainable ? layerNormOutput(parallel, trace.norm2(), weights.norm2Gain(), weights.norm2Bias(), m) : null;
        float[] dNormalized = Scratch.floats(Role.NORMALIZED, m * d);
        Linear.backward(parallel, dNormalized, trainable ? g.fc1Weight() : null, trainable ? g.fc1Bias() : null, dHidden,
                normalized, weights.fc1Weight(), m, d, i);
        float[] dResidual = Scratch.floats(Role.RESIDUAL, m * d);
        LayerNorm.backward(parallel, dResidual, trainable ? g.norm2Gain() : null, trainable ? g.norm2Bias() : null, dNormalized,
                trace.norm2(), trace.rstd2(), weights.norm2Gain(), m, d);
        add(parallel, dState, dResidual, m * d);
        float[] dAttended = dResidual;
        Linear.backward(parallel, dAttended, trainable ? g.outWeight() : null, trainable ? g.outBias() : null, dState,
                trace.attended(), weights.outWeight(), m, d, d);
        float[] dQkv = Scratch.floats(Role.QKV, n * 3 * d);
        Attention.backward(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(trace), trace.batch());
        if (trainable) {
            normalized = layerNormOutput(parallel, trace.norm1(), weights.norm1Gain(), weights.norm1Bias(), n);
        }
        float[] dNormalizedInput = Scratch.floats(Role.NORMALIZED_INPUT, n * d);
        Linear.backward(parallel, dNormalizedInput, trainable ? g.qkvWeight() : null, trainable ? g.qkvBias() : null,
                dQkv, normalized, weights.qkvWeight(), n, d, 3 * d);
        if (!inputGradient && !trainable) {
            return;
        }
        float[] dInput = Scratch.floats(Role.INPUT, n * d);
        LayerNorm.backward(parallel, dInput, trainable ? g.norm1Gain() : null, trainable ? g.norm1Bias() : null, dNormalizedInput,
                trace.norm1(), trace.rstd1(), weights.norm1Gain(), n, d);
        if (inputGradient) {
            if (dState != dX) {
                copyQueryRows(dX, dState, trace, false);
            }
            add(parallel, dX, dInput, n * d);
        }
    }

    /** {@code g * xh + b} over n rows: the LayerNorm output a weight gradient multiplies with (a scratch array). */
    private float[] layerNormOutput(Parallel parallel, float[] normalized, float[] gain, float[] bias, int n) {
        int d = width;
        float[] y = Scratch.floats(Role.LAYER_NORM_OUTPUT, n * d);
        parallel.forRange(n, ROW_GRAIN, (from, to) -> {
            for (int r = from; r < to; r++) {
                int base = r * d;
                for (int k = 0; k < d; k++) {
                    y[base + k] = gain[k] * normalized[base + k] + bias[k];
                }
            }
        });
        return y;
    }

    /** The tangent and cotangent rules carry S directions through one sequence; backward takes a batch. */
    private static void checkDerivatives(Trace trace, boolean batched) {
        if (!trace.keepsDerivatives()) {
            throw new IllegalArgumentException("an inference trace keeps nothing for derivatives");
        }
        if (!batched && trace.batch() != 1) {
            throw new IllegalArgumentException("tangents and cotangents run through a trace of one sequence");
        }
    }

    private Attention.Shape shape(Trace trace) {
        return new Attention.Shape(trace.rows(), width, heads, trace.queryFrom(), trace.queryCount(), causal);
    }

    /** {@code target[0..length) += addend[0..length)}, split over the pool's threads when long enough to pay. */
    static void add(Parallel parallel, float[] target, float[] addend, int length) {
        parallel.forRange(length, ELEMENT_GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                target[i] += addend[i];
            }
        });
    }
}
