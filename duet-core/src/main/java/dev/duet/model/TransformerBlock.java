package dev.duet.model;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Attention;
import dev.duet.tensor.Gemm;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The pre-LN block both towers share: {@code x += out(Attn(qkv(LN1(x))))}, {@code x += fc2(act(fc1(LN2(x))))}.
 * Shapes: x [B][T][D] (updated in place), I = intermediate width.
 */
public record TransformerBlock(BlockWeights weights, int width, int intermediate, int heads,
                               boolean causal, Activation activation, float eps) {

    /**
     * Work arrays of {@link #forward} for B*T rows. Every block of a tower has the same widths,
     * so one set serves them all and a forward pass allocates it once, not once per block.
     */
    public record Scratch(int rows,
                          float[] normalized,   // [n][D], also the attention output
                          float[] qkv,          // [n][3D]
                          float[] probs,        // [B][H][T][T]
                          float[] projected,    // [n][D]
                          float[] hidden) {     // [n][I]
    }

    public Scratch scratch(int batch, int rows) {
        int n = Math.multiplyExact(batch, rows);
        return new Scratch(n, new float[Math.multiplyExact(n, width)], new float[Math.multiplyExact(n, 3 * width)],
                new float[Math.multiplyExact(Math.multiplyExact(batch, heads), rows * rows)],
                new float[n * width], new float[Math.multiplyExact(n, intermediate)]);
    }

    /** Runs {@code blocks} in order on x [B][T][D] in place, sharing one set of work arrays. */
    public static void forwardAll(List<TransformerBlock> blocks, Parallel parallel, float[] x, int batch, int rows) {
        if (blocks.isEmpty()) {
            return;
        }
        Scratch scratch = blocks.get(0).scratch(batch, rows);
        for (TransformerBlock block : blocks) {
            block.forward(parallel, x, batch, rows, scratch);
        }
    }

    /** Runs the block on {@code batch} sequences of {@code rows} rows each. */
    public void forward(Parallel parallel, float[] x, int batch, int rows) {
        forward(parallel, x, batch, rows, scratch(batch, rows));
    }

    /** {@link #forward(Parallel, float[], int, int)} in the work arrays of {@code scratch} (made for this batch and rows). */
    public void forward(Parallel parallel, float[] x, int batch, int rows, Scratch scratch) {
        int n = batch * rows;
        int d = width;
        if (scratch.rows() != n || scratch.hidden().length != n * intermediate) {
            throw new IllegalArgumentException("scratch for " + scratch.rows() + " rows used for " + n);
        }
        float[] normalized = scratch.normalized();
        LayerNorm.forward(parallel, normalized, x, weights.norm1Gain(), weights.norm1Bias(), n, d, eps, null, null);
        float[] qkv = scratch.qkv();
        Linear.forward(parallel, qkv, normalized, weights.qkvWeight(), weights.qkvBias(), n, d, 3 * d);
        Attention.Shape shape = Attention.Shape.full(rows, d, heads, causal);
        float[] attended = normalized;
        Attention.forward(parallel, attended, scratch.probs(), qkv, shape, batch);
        float[] projected = scratch.projected();
        Linear.forward(parallel, projected, attended, weights.outWeight(), weights.outBias(), n, d, d);
        add(x, projected, n * d);
        LayerNorm.forward(parallel, normalized, x, weights.norm2Gain(), weights.norm2Bias(), n, d, eps, null, null);
        float[] hidden = scratch.hidden();
        Linear.forward(parallel, hidden, normalized, weights.fc1Weight(), weights.fc1Bias(), n, d, intermediate);
        parallel.forRange(n, ROW_GRAIN, (from, to) -> activation.forward(hidden, hidden, from * intermediate,
                (to - from) * intermediate));
        Linear.forward(parallel, projected, hidden, weights.fc2Weight(), weights.fc2Bias(), n, intermediate, d);
        add(x, projected, n * d);
    }

    /**
     * Primal intermediates of one sequence through the block, kept for its tangent rule.
     * Queries (and everything after attention) cover rows [queryFrom, queryFrom + queryCount):
     * the last block before pooling needs only the pooled row.
     */
    public record Trace(int rows, int queryFrom, int queryCount,
                        float[] norm1, float[] rstd1,      // [T][D] xh, [T]
                        float[] qkv,                       // [T][3D]
                        float[] probs,                     // [H][Tq][T]
                        float[] attended,                  // [Tq][D] per-head outputs before out_proj
                        float[] norm2, float[] rstd2,      // [Tq][D] xh, [Tq]
                        float[] preActivation,             // [Tq][I]
                        float[] output) {                  // [Tq][D]
    }

    /** Forward of one sequence x [T][D] (not modified), keeping what the tangents need. */
    public Trace forwardTraced(Parallel parallel, float[] x, int rows, int queryFrom, int queryCount) {
        int d = width;
        float[] normalized = new float[rows * d];
        float[] rstd = new float[rows];
        float[] norm1 = new float[rows * d];
        LayerNorm.forward(parallel, normalized, x, weights.norm1Gain(), weights.norm1Bias(), rows, d, eps, norm1, rstd);
        float[] qkv = new float[rows * 3 * d];
        project(parallel, qkv, normalized, weights.qkvBias(), 1, rows, queryFrom, queryCount);
        Attention.Shape shape = new Attention.Shape(rows, d, heads, queryFrom, queryCount, causal);
        float[] probs = new float[heads * queryCount * rows];
        float[] attended = new float[queryCount * d];
        Attention.forward(parallel, attended, probs, qkv, shape, 1);
        float[] output = new float[queryCount * d];
        Linear.forward(parallel, output, attended, weights.outWeight(), weights.outBias(), queryCount, d, d);
        for (int i = 0; i < queryCount * d; i++) {
            output[i] += x[queryFrom * d + i];
        }
        float[] norm2 = new float[queryCount * d];
        float[] rstd2 = new float[queryCount];
        float[] normalized2 = new float[queryCount * d];
        LayerNorm.forward(parallel, normalized2, output, weights.norm2Gain(), weights.norm2Bias(), queryCount, d, eps, norm2, rstd2);
        float[] preActivation = new float[queryCount * intermediate];
        Linear.forward(parallel, preActivation, normalized2, weights.fc1Weight(), weights.fc1Bias(), queryCount, d, intermediate);
        float[] activated = new float[preActivation.length];
        parallel.forRange(queryCount, ROW_GRAIN, (from, to) -> activation.forward(activated, preActivation,
                from * intermediate, (to - from) * intermediate));
        float[] mlp = new float[queryCount * d];
        Linear.forward(parallel, mlp, activated, weights.fc2Weight(), weights.fc2Bias(), queryCount, intermediate, d);
        add(output, mlp, queryCount * d);
        return new Trace(rows, queryFrom, queryCount, norm1, rstd, qkv, probs,
                attended, norm2, rstd2, preActivation, output);
    }

    /**
     * Tangent rule of the block for dense tangents tX [S][T][D] through the primal of {@code trace};
     * returns the output tangents [S][Tq][D].
     */
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        int d = width;
        int rows = trace.rows();
        int n = directions * rows;
        float[] tNormalized = new float[n * d];
        LayerNorm.tangent(parallel, tNormalized, tX, trace.norm1(), trace.rstd1(), weights.norm1Gain(), rows, d, directions);
        float[] tQkv = new float[n * 3 * d];
        project(parallel, tQkv, tNormalized, null, directions, rows, trace.queryFrom(), trace.queryCount());
        float[] tAttended = new float[directions * trace.queryCount() * d];
        Attention.tangent(parallel, tAttended, tQkv, trace.qkv(), trace.probs(), shape(trace), directions);
        float[] tResidual = new float[tAttended.length];
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
     * (method.md section 4, exact shortcuts). Returns the output tangents [S][Tq][D].
     */
    public float[] tangentFromRows(Parallel parallel, Trace trace, float[] tRows, int[] sourceRows, int directions) {
        int d = width;
        float[] tNormalized = new float[directions * d];
        for (int s = 0; s < directions; s++) {
            int row = sourceRows[s];
            LayerNorm.tangentRow(tNormalized, s * d, tRows, s * d, trace.norm1(), row * d, trace.rstd1()[row],
                    weights.norm1Gain(), d);
        }
        float[] tQkvRows = new float[directions * 3 * d];
        float[] qkvWeight = weights.qkvWeight();
        Gemm.multiply(parallel, directions, 2 * d, d, tNormalized, 0, d, false, qkvWeight, d * d, d, true,
                tQkvRows, d, 3 * d, false);
        for (int s = 0; s < directions; s++) {
            // a query tangent matters only on a query row (Attention.tangentFromRows)
            if (sourceRows[s] >= trace.queryFrom() && sourceRows[s] < trace.queryFrom() + trace.queryCount()) {
                Gemm.multiply(Parallel.serial(), 1, d, d, tNormalized, s * d, d, false, qkvWeight, 0, d, true,
                        tQkvRows, s * 3 * d, 3 * d, false);
            }
        }
        float[] tAttended = new float[directions * trace.queryCount() * d];
        Attention.tangentFromRows(parallel, tAttended, tQkvRows, sourceRows, trace.qkv(), trace.probs(),
                trace.attended(), shape(trace), directions);
        float[] tResidual = new float[tAttended.length];
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

    /**
     * The fused Q/K/V projection of {@code sequences} sequences x [S][T][D] into out [S][T][3D]:
     * keys and values for every row, queries only for rows [queryFrom, queryFrom + queryCount)
     * (the others stay zero: attention never reads them). The last block before pooling needs
     * one query row, which saves a third of its projection. bias may be null (tangents).
     */
    private void project(Parallel parallel, float[] out, float[] x, float[] bias, int sequences, int rows,
                         int queryFrom, int queryCount) {
        int d = width;
        float[] weight = weights.qkvWeight();
        if (queryCount == rows) {
            if (bias == null) {
                Linear.tangent(parallel, out, x, weight, sequences * rows, d, 3 * d);
            } else {
                Linear.forward(parallel, out, x, weight, bias, sequences * rows, d, 3 * d);
            }
            return;
        }
        int n = sequences * rows;
        if (bias != null) {
            for (int r = 0; r < n; r++) {
                System.arraycopy(bias, d, out, r * 3 * d + d, 2 * d);
            }
            for (int s = 0; s < sequences; s++) {
                for (int q = queryFrom; q < queryFrom + queryCount; q++) {
                    System.arraycopy(bias, 0, out, (s * rows + q) * 3 * d, d);
                }
            }
        }
        Gemm.multiply(parallel, n, 2 * d, d, x, 0, d, false, weight, d * d, d, true, out, d, 3 * d, bias != null);
        for (int q = queryFrom; q < queryFrom + queryCount; q++) {
            // row q of every sequence: stride T rows
            Gemm.multiply(parallel, sequences, d, d, x, q * d, rows * d, false, weight, 0, d, true,
                    out, q * 3 * d, rows * 3 * d, bias != null);
        }
    }

    /** Second half of the block: {@code t_out = t_res + fc2(act'(pre) * fc1(LN2'(t_res)))}. */
    private float[] mlpTangent(Parallel parallel, Trace trace, float[] tResidual, int directions) {
        int d = width;
        int rows = directions * trace.queryCount();
        float[] tNormalized = new float[rows * d];
        LayerNorm.tangent(parallel, tNormalized, tResidual, trace.norm2(), trace.rstd2(), weights.norm2Gain(),
                trace.queryCount(), d, directions);
        float[] tHidden = new float[rows * intermediate];
        Linear.tangent(parallel, tHidden, tNormalized, weights.fc1Weight(), rows, d, intermediate);
        activation.tangent(parallel, tHidden, trace.preActivation(), trace.queryCount() * intermediate, directions);
        float[] tOut = new float[rows * d];
        Linear.tangent(parallel, tOut, tHidden, weights.fc2Weight(), rows, intermediate, d);
        add(tOut, tResidual, rows * d);
        return tOut;
    }

    /**
     * Gradient rule of the block for the input only, for {@code count} cotangents through the
     * primal of {@code trace} (the transpose of {@link #tangent}, as reverse-mode attributions
     * need): dOut [S][Tq][D] are cotangents of the query rows' outputs; returns those of the
     * input [S][T][D]. The weights get no gradients.
     */
    public float[] cotangent(Parallel parallel, Trace trace, float[] dOut, int count) {
        int d = width;
        int rows = trace.rows();
        int queries = trace.queryCount();
        int n = count * queries;
        float[] dHidden = new float[n * intermediate];
        Linear.backward(parallel, dHidden, null, null, dOut, null, weights.fc2Weight(), n, intermediate, d);
        activation.tangent(parallel, dHidden, trace.preActivation(), queries * intermediate, count);
        float[] dNormalized = new float[n * d];
        Linear.backward(parallel, dNormalized, null, null, dHidden, null, weights.fc1Weight(), n, d, intermediate);
        float[] dResidual = new float[n * d];
        LayerNorm.cotangent(parallel, dResidual, dNormalized, trace.norm2(), trace.rstd2(), weights.norm2Gain(),
                queries, d, count);
        add(dResidual, dOut, n * d);
        float[] dAttended = dNormalized;
        Linear.backward(parallel, dAttended, null, null, dResidual, null, weights.outWeight(), n, d, d);
        float[] dNormalizedInput;
        if (2L * heads * queries * rows + 2L * queries * d < 3L * rows * d) {
            dNormalizedInput = fewQueryCotangent(parallel, trace, dAttended, count);
        } else {
            float[] dQkv = new float[count * rows * 3 * d];
            Attention.cotangent(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), shape(trace), count);
            dNormalizedInput = new float[count * rows * d];
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
        float[] qkv = trace.qkv();
        float[] weight = weights.qkvWeight();
        float[] dScores = new float[count * depth * rows];
        Attention.scoreCotangents(parallel, dScores, dAttended, qkv, trace.probs(), shape(trace), count);
        float[] keyShare = new float[depth * d];
        for (int h = 0; h < heads; h++) {
            Gemm.multiply(Parallel.serial(), queries, d, headWidth, qkv, trace.queryFrom() * 3 * d + h * headWidth, 3 * d,
                    false, weight, (d + h * headWidth) * d, d, false, keyShare, h * queries * d, d, false);
        }
        float[] dNormalizedInput = new float[count * rows * d];
        parallel.forRange(count, 1, (from, to) -> {
            float[] valueShare = new float[depth * d];
            float[] dQuery = new float[queries * d];
            for (int s = from; s < to; s++) {
                int out = s * rows * d;
                int scores = s * depth * rows;
                for (int h = 0; h < heads; h++) {
                    Gemm.multiply(Parallel.serial(), queries, d, headWidth, dAttended, s * queries * d + h * headWidth, d,
                            false, weight, (2 * d + h * headWidth) * d, d, false, valueShare, h * queries * d, d, false);
                    Gemm.multiply(Parallel.serial(), queries, headWidth, rows, dScores, scores + h * queries * rows, rows,
                            false, qkv, d + h * headWidth, 3 * d, false, dQuery, h * headWidth, d, false);
                }
                Gemm.multiply(Parallel.serial(), rows, d, depth, dScores, scores, rows, true, keyShare, 0, d, false,
                        dNormalizedInput, out, d, false);
                Gemm.multiply(Parallel.serial(), rows, d, depth, trace.probs(), 0, rows, true, valueShare, 0, d, false,
                        dNormalizedInput, out, d, true);
                Gemm.multiply(Parallel.serial(), queries, d, d, dQuery, 0, d, false, weight, 0, d, false,
                        dNormalizedInput, out + trace.queryFrom() * d, d, true);
            }
        });
        return dNormalizedInput;
    }

    /** Rows per chunk when element-wise loops are split over threads. */
    private static final int ROW_GRAIN = 16;

    /**
     * What the gradient rule needs from a batch forward, n = B*T rows. LayerNorm outputs are
     * not kept: {@code g * xh + b} is recomputed from the saved xh when a weight gradient needs it.
     */
    public record BatchTrace(int batch, int rows,
                             float[] norm1, float[] rstd1,      // [n][D] xh, [n]
                             float[] qkv,                       // [n][3D]
                             float[] probs,                     // [B][H][T][T]
                             float[] attended,                  // [n][D] per-head outputs before out_proj
                             float[] norm2, float[] rstd2,      // [n][D] xh, [n]
                             float[] preActivation,             // [n][I]
                             float[] activated) {               // [n][I]
    }

    /** Buffers for {@link #forwardTraced(Parallel, float[], BatchTrace)}; reusable while batch and rows stay. */
    public BatchTrace newBatchTrace(int batch, int rows) {
        int n = Math.multiplyExact(batch, rows);
        int d = width;
        return new BatchTrace(batch, rows, new float[n * d], new float[n], new float[Math.multiplyExact(n, 3 * d)],
                new float[Math.multiplyExact(Math.multiplyExact(batch, heads), rows * rows)], new float[n * d],
                new float[n * d], new float[n], new float[Math.multiplyExact(n, intermediate)],
                new float[Math.multiplyExact(n, intermediate)]);
    }

    /** {@link #forward} on {@code trace.batch()} sequences of {@code trace.rows()} rows, x [B][T][D] updated in place, filling trace. */
    public void forwardTraced(Parallel parallel, float[] x, BatchTrace trace) {
        int n = trace.batch() * trace.rows();
        int d = width;
        float[] normalized = new float[n * d];
        LayerNorm.forward(parallel, normalized, x, weights.norm1Gain(), weights.norm1Bias(), n, d, eps, trace.norm1(), trace.rstd1());
        Linear.forward(parallel, trace.qkv(), normalized, weights.qkvWeight(), weights.qkvBias(), n, d, 3 * d);
        Attention.forward(parallel, trace.attended(), trace.probs(), trace.qkv(), batchShape(trace), trace.batch());
        float[] projected = normalized;
        Linear.forward(parallel, projected, trace.attended(), weights.outWeight(), weights.outBias(), n, d, d);
        add(x, projected, n * d);
        LayerNorm.forward(parallel, normalized, x, weights.norm2Gain(), weights.norm2Bias(), n, d, eps, trace.norm2(), trace.rstd2());
        Linear.forward(parallel, trace.preActivation(), normalized, weights.fc1Weight(), weights.fc1Bias(), n, d, intermediate);
        // the activation's exp is a sizeable share of a training step: split it over rows
        parallel.forRange(n, ROW_GRAIN, (from, to) -> activation.forward(trace.activated(), trace.preActivation(),
                from * intermediate, (to - from) * intermediate));
        Linear.forward(parallel, projected, trace.activated(), weights.fc2Weight(), weights.fc2Bias(), n, intermediate, d);
        add(x, projected, n * d);
    }

    /**
     * Gradient rule of the block, the reverse of {@link #forwardTraced(Parallel, float[], BatchTrace)}:
     * dX [B][T][D] holds the gradient of the output on entry and that of the input on return.
     * Parameter gradients are accumulated into {@code gradients} (same shapes as the weights), or
     * not computed when it is null (a frozen block). When {@code inputGradient} is false nothing
     * below needs dX: the path through LayerNorm 1 is not added and dX is left undefined.
     */
    public void backward(Parallel parallel, BatchTrace trace, float[] dX, BlockWeights gradients, boolean inputGradient) {
        int n = trace.batch() * trace.rows();
        int d = width;
        int i = intermediate;
        BlockWeights g = gradients;
        boolean trainable = g != null;
        float[] dHidden = new float[n * i];
        Linear.backward(parallel, dHidden, trainable ? g.fc2Weight() : null, trainable ? g.fc2Bias() : null, dX,
                trace.activated(), weights.fc2Weight(), n, i, d);
        float[] pre = trace.preActivation();
        parallel.forRange(n, ROW_GRAIN, (from, to) -> activation.backward(dHidden, pre, from * i, (to - from) * i));
        float[] normalized = trainable ? layerNormOutput(trace.norm2(), weights.norm2Gain(), weights.norm2Bias(), n) : null;
        float[] dNormalized = new float[n * d];
        Linear.backward(parallel, dNormalized, trainable ? g.fc1Weight() : null, trainable ? g.fc1Bias() : null, dHidden,
                normalized, weights.fc1Weight(), n, d, i);
        float[] dResidual = new float[n * d];
        LayerNorm.backward(dResidual, trainable ? g.norm2Gain() : null, trainable ? g.norm2Bias() : null, dNormalized,
                trace.norm2(), trace.rstd2(), weights.norm2Gain(), n, d);
        add(dX, dResidual, n * d);
        float[] dAttended = dResidual;
        Linear.backward(parallel, dAttended, trainable ? g.outWeight() : null, trainable ? g.outBias() : null, dX,
                trace.attended(), weights.outWeight(), n, d, d);
        float[] dQkv = new float[n * 3 * d];
        Attention.backward(parallel, dQkv, dAttended, trace.qkv(), trace.probs(), batchShape(trace), trace.batch());
        if (trainable) {
            normalized = layerNormOutput(trace.norm1(), weights.norm1Gain(), weights.norm1Bias(), n);
        }
        Linear.backward(parallel, dNormalized, trainable ? g.qkvWeight() : null, trainable ? g.qkvBias() : null, dQkv,
                normalized, weights.qkvWeight(), n, d, 3 * d);
        if (inputGradient || trainable) {
            LayerNorm.backward(dResidual, trainable ? g.norm1Gain() : null, trainable ? g.norm1Bias() : null, dNormalized,
                    trace.norm1(), trace.rstd1(), weights.norm1Gain(), n, d);
        }
        if (inputGradient) {
            add(dX, dResidual, n * d);
        }
    }

    /** {@code g * xh + b} over n rows: the LayerNorm output a weight gradient multiplies with. */
    private float[] layerNormOutput(float[] normalized, float[] gain, float[] bias, int n) {
        int d = width;
        float[] y = new float[n * d];
        for (int r = 0; r < n; r++) {
            int base = r * d;
            for (int k = 0; k < d; k++) {
                y[base + k] = gain[k] * normalized[base + k] + bias[k];
            }
        }
        return y;
    }

    private Attention.Shape batchShape(BatchTrace trace) {
        return Attention.Shape.full(trace.rows(), width, heads, causal);
    }

    private Attention.Shape shape(Trace trace) {
        return new Attention.Shape(trace.rows(), width, heads, trace.queryFrom(), trace.queryCount(), causal);
    }

    static void add(float[] target, float[] addend, int length) {
        for (int i = 0; i < length; i++) {
            target[i] += addend[i];
        }
    }
}
