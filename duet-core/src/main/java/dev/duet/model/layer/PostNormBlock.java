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

import java.util.Arrays;
import java.util.List;

/**
 * BERT's post-LN block (transformers' {@code BertLayer}): {@code h = LN1(x + out(Attn(qkv(x))))},
 * then {@code y = LN2(h + fc2(act(fc1(h))))}, attention bidirectional with a padding mask (each
 * sequence attends to its first {@code keys} rows). The weights are {@link BlockWeights} with
 * LN1 the attention output's LayerNorm and LN2 the block output's. One forward
 * ({@link #forward}) fills one {@link Trace}; the derivative rules read it: {@link #tangent}
 * (forward mode) and {@link #cotangent} (reverse mode, input only), both for directions through
 * one sequence, and {@link #backward} (input and weights, for a padded batch).
 *
 * <p>Shapes: x [B][T][D]; n = B*T; I = intermediate width, H heads of Dh = D/H.
 */
public record PostNormBlock(BlockWeights weights, int width, int intermediate, int heads, Activation activation,
                            float eps) {

    /** Rows per chunk when element-wise loops are split over threads. */
    private static final int ROW_GRAIN = 16;

    /**
     * The buffers of one forward. A trace for inference keeps no LayerNorm statistics and runs
     * the activation in place; one for derivatives keeps what the tangent and cotangent read.
     * Every block of a tower has the same widths, so one trace serves them all in turn.
     */
    public record Trace(int batch, int rows, int[] keys,  // keys[b]: the rows sequence b attends to
                        float[] input,                    // [n][D] the block's input; null for inference
                        float[] qkv,                      // [n][3D]
                        float[] probs,                    // [B][H][T][T], 0 on padding keys
                        float[] attended,                 // [n][D] per-head outputs before out_proj
                        float[] projected,                // [n][D] out_proj, then fc2 output
                        float[] norm1, float[] rstd1,     // [n][D] xh of LN1, [n]; null for inference
                        float[] hidden,                   // [n][D] LN1's output; null for inference
                        float[] preActivation,            // [n][I]
                        float[] activated,                // [n][I], the same array as preActivation for inference
                        float[] norm2, float[] rstd2) {   // [n][D] xh of LN2, [n]; null for inference

        private boolean keepsDerivatives() {
            return norm1 != null;
        }
    }

    /** A trace for inference over sequences padded to {@code rows}, sequence b attending to its first {@code keys[b]} rows. */
    public Trace inferenceTrace(int rows, int[] keys) {
        return trace(rows, keys, false);
    }

    /** A trace that keeps what the derivative rules need, for one sequence of {@code rows} rows, the first {@code keys} attended. */
    public Trace derivativeTrace(int rows, int keys) {
        return trace(rows, new int[] {keys}, true);
    }

    /** A trace that keeps what the derivative rules need, for sequences padded to {@code rows}, sequence b attending to {@code keys[b]}. */
    public Trace derivativeTrace(int rows, int[] keys) {
        return trace(rows, keys, true);
    }

    private Trace trace(int rows, int[] keys, boolean derivatives) {
        for (int k : keys) {
            if (k < 1 || k > rows) {
                throw new IllegalArgumentException(k + " attended rows of " + rows);
            }
        }
        int batch = keys.length;
        if (batch < 1) {
            throw new IllegalArgumentException("a trace needs a sequence");
        }
        int n = Math.multiplyExact(batch, rows);
        float[] preActivation = new float[Math.multiplyExact(n, intermediate)];
        return new Trace(batch, rows, keys.clone(), derivatives ? new float[n * width] : null,
                new float[Math.multiplyExact(n, 3 * width)],
                new float[Math.multiplyExact(Math.multiplyExact(batch, heads), Math.multiplyExact(rows, rows))],
                new float[n * width], new float[n * width],
                derivatives ? new float[n * width] : null, derivatives ? new float[n] : null,
                derivatives ? new float[n * width] : null, preActivation, derivatives ? new float[preActivation.length] : preActivation,
                derivatives ? new float[n * width] : null, derivatives ? new float[n] : null);
    }

    /** Runs {@code blocks} in order on x [B][T][D] in place, sharing one inference trace. */
    public static void forwardAll(List<PostNormBlock> blocks, Parallel parallel, float[] x, int rows, int[] keys) {
        if (blocks.isEmpty()) {
            return;
        }
        Trace trace = blocks.get(0).inferenceTrace(rows, keys);
        for (PostNormBlock block : blocks) {
            block.forward(parallel, x, trace);
        }
    }

    /** The block on x [B][T][D], in place, filling {@code trace}. */
    public void forward(Parallel parallel, float[] x, Trace trace) {
        int d = width;
        int n = trace.batch() * trace.rows();
        if (trace.qkv().length != n * 3 * d || trace.preActivation().length != n * intermediate
                || trace.probs().length != trace.batch() * heads * trace.rows() * trace.rows()) {
            throw new IllegalArgumentException("trace made for another block shape");
        }
        if (trace.input() != null) {
            System.arraycopy(x, 0, trace.input(), 0, n * d);
        }
        Linear.forward(parallel, trace.qkv(), x, weights.qkvWeight(), weights.qkvBias(), n, d, 3 * d);
        Attention.forward(parallel, trace.attended(), trace.probs(), trace.qkv(), shape(trace.rows(), trace.rows()),
                trace.keys());
        Linear.forward(parallel, trace.projected(), trace.attended(), weights.outWeight(), weights.outBias(), n, d, d);
        TransformerBlock.add(parallel, x, trace.projected(), n * d);
        LayerNorm.forward(parallel, x, x, weights.norm1Gain(), weights.norm1Bias(), n, d, eps, trace.norm1(), trace.rstd1());
        if (trace.hidden() != null) {
            System.arraycopy(x, 0, trace.hidden(), 0, n * d);
        }
        Linear.forward(parallel, trace.preActivation(), x, weights.fc1Weight(), weights.fc1Bias(), n, d, intermediate);
        // the activation's erf is a sizeable share of a pass: split it over rows
        parallel.forRange(n, ROW_GRAIN, (from, to) -> activation.forward(trace.activated(), trace.preActivation(),
                from * intermediate, (to - from) * intermediate));
        Linear.forward(parallel, trace.projected(), trace.activated(), weights.fc2Weight(), weights.fc2Bias(), n,
                intermediate, d);
        TransformerBlock.add(parallel, x, trace.projected(), n * d);
        LayerNorm.forward(parallel, x, x, weights.norm2Gain(), weights.norm2Bias(), n, d, eps, trace.norm2(), trace.rstd2());
    }

    /**
     * Tangent rule for tangents tX [S][T][D] through the primal of a one-sequence trace; returns
     * the output tangents [S][T][D]:
     * {@code t_h = LN1'(t_x + out(Attn'(qkv(t_x))))}, {@code t_y = LN2'(t_h + fc2(act'(pre) * fc1(t_h)))},
     * with the linear maps' tangents without bias.
     */
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        checkDerivatives(trace);
        int d = width;
        int rows = trace.rows();
        int n = directions * rows;
        float[] tQkv = new float[n * 3 * d];
        Linear.tangent(parallel, tQkv, tX, weights.qkvWeight(), n, d, 3 * d);
        float[] tAttended = new float[n * d];
        Attention.tangent(parallel, tAttended, tQkv, trace.qkv(), trace.probs(), shape(rows, trace.keys()[0]), directions);
        float[] tResidual = new float[n * d];
        Linear.tangent(parallel, tResidual, tAttended, weights.outWeight(), n, d, d);
        TransformerBlock.add(parallel, tResidual, tX, n * d);
        float[] tHidden = tAttended;
        LayerNorm.tangent(parallel, tHidden, tResidual, trace.norm1(), trace.rstd1(), weights.norm1Gain(), rows, d,
                directions);
        float[] tPre = new float[n * intermediate];
        Linear.tangent(parallel, tPre, tHidden, weights.fc1Weight(), n, d, intermediate);
        activation.tangent(parallel, tPre, trace.preActivation(), rows * intermediate, directions);
        Linear.tangent(parallel, tResidual, tPre, weights.fc2Weight(), n, intermediate, d);
        TransformerBlock.add(parallel, tResidual, tHidden, n * d);
        float[] tY = new float[n * d];
        LayerNorm.tangent(parallel, tY, tResidual, trace.norm2(), trace.rstd2(), weights.norm2Gain(), rows, d, directions);
        return tY;
    }

    /**
     * Cotangent rule, the transpose of {@link #tangent}, for cotangents dY [S][T][D] of the output
     * through a one-sequence trace; returns those of the input [S][T][D]:
     * {@code d_r2 = LN2'^T(d_y)}, {@code d_h = d_r2 + fc1^T(act'(pre) * fc2^T(d_r2))},
     * {@code d_r1 = LN1'^T(d_h)}, {@code d_x = d_r1 + qkv^T(Attn'^T(out^T(d_r1)))}.
     */
    public float[] cotangent(Parallel parallel, Trace trace, float[] dY, int count) {
        checkDerivatives(trace);
        int d = width;
        int rows = trace.rows();
        int n = count * rows;
        float[] dResidual = new float[n * d];
        LayerNorm.cotangent(parallel, dResidual, dY, trace.norm2(), trace.rstd2(), weights.norm2Gain(), rows, d, count);
        float[] dPre = new float[n * intermediate];
        Linear.backward(parallel, dPre, null, null, dResidual, null, weights.fc2Weight(), n, intermediate, d);
        activation.tangent(parallel, dPre, trace.preActivation(), rows * intermediate, count);
        float[] dHidden = new float[n * d];
        Linear.backward(parallel, dHidden, null, null, dPre, null, weights.fc1Weight(), n, d, intermediate);
        TransformerBlock.add(parallel, dHidden, dResidual, n * d);
        LayerNorm.cotangent(parallel, dResidual, dHidden, trace.norm1(), trace.rstd1(), weights.norm1Gain(), rows, d, count);
        float[] dAttended = dHidden;
        Linear.backward(parallel, dAttended, null, null, dResidual, null, weights.outWeight(), n, d, d);
        float[] dQkv = new float[n * 3 * d];
        Attention.cotangent(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(rows, trace.keys()[0]), count);
        float[] dX = new float[n * d];
        Linear.backward(parallel, dX, null, null, dQkv, null, weights.qkvWeight(), n, d, 3 * d);
        TransformerBlock.add(parallel, dX, dResidual, n * d);
        return dX;
    }

    /**
     * Gradient rule, the reverse of {@link #forward} over its whole padded batch: dX [B][T][D] holds
     * the gradient of the output on entry and that of the input on return; parameter gradients are
     * accumulated into {@code gradients} (the weights' shapes), or not computed when it is null.
     * Attention's rule needs no padding mask here: a padding key's probability is exactly 0, so its
     * score gradient is too.
     */
    public void backward(Parallel parallel, Trace trace, float[] dX, BlockWeights gradients) {
        if (!trace.keepsDerivatives()) {
            throw new IllegalArgumentException("an inference trace keeps nothing for derivatives");
        }
        int d = width;
        int n = trace.batch() * trace.rows();
        BlockWeights g = gradients;
        boolean trainable = g != null;
        float[] dResidual = new float[n * d];
        LayerNorm.backward(parallel, dResidual, trainable ? g.norm2Gain() : null, trainable ? g.norm2Bias() : null, dX,
                trace.norm2(), trace.rstd2(), weights.norm2Gain(), n, d);
        float[] dPre = new float[n * intermediate];
        Linear.backward(parallel, dPre, trainable ? g.fc2Weight() : null, trainable ? g.fc2Bias() : null, dResidual,
                trace.activated(), weights.fc2Weight(), n, intermediate, d);
        parallel.forRange(n, ROW_GRAIN, (from, to) -> activation.backward(dPre, trace.preActivation(),
                from * intermediate, (to - from) * intermediate));
        float[] dHidden = new float[n * d];
        Linear.backward(parallel, dHidden, trainable ? g.fc1Weight() : null, trainable ? g.fc1Bias() : null, dPre,
                trace.hidden(), weights.fc1Weight(), n, d, intermediate);
        TransformerBlock.add(parallel, dHidden, dResidual, n * d);
        LayerNorm.backward(parallel, dResidual, trainable ? g.norm1Gain() : null, trainable ? g.norm1Bias() : null,
                dHidden, trace.norm1(), trace.rstd1(), weights.norm1Gain(), n, d);
        float[] dAttended = dHidden;
        Linear.backward(parallel, dAttended, trainable ? g.outWeight() : null, trainable ? g.outBias() : null, dResidual,
                trace.attended(), weights.outWeight(), n, d, d);
        float[] dQkv = new float[n * 3 * d];
        Attention.backward(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(trace.rows(), trace.rows()),
                trace.batch());
        Linear.backward(parallel, dX, trainable ? g.qkvWeight() : null, trainable ? g.qkvBias() : null, dQkv,
                trace.input(), weights.qkvWeight(), n, d, 3 * d);
        TransformerBlock.add(parallel, dX, dResidual, n * d);
    }

    /** The tangent and cotangent rules carry S directions through one sequence whose derivatives the trace kept. */
    private static void checkDerivatives(Trace trace) {
        if (!trace.keepsDerivatives()) {
            throw new IllegalArgumentException("an inference trace keeps nothing for derivatives");
        }
        if (trace.batch() != 1) {
            throw new IllegalArgumentException("tangents and cotangents run through a trace of one sequence, got "
                    + trace.batch() + ": " + Arrays.toString(trace.keys()));
        }
    }

    private Attention.Shape shape(int rows, int keys) {
        return new Attention.Shape(rows, width, heads, 0, rows, false, keys);
    }
}
