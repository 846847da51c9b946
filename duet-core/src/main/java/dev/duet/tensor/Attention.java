/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * Multi-head scaled dot-product attention over fused projections, with its tangent and gradient rules.
 *
 * <p>Shapes: qkv [T][3D] holds Q, K, V side by side (head h uses columns h*Dh..(h+1)*Dh of
 * each third); queries are the rows [q0, q0 + Tq) (all rows in a full pass, only the pooled
 * row where nothing else is needed); probs [H][Tq][T]; out [Tq][D]. A causal mask lets query
 * row i see keys 0..i; a padding mask lets every query see only the first {@code keys} rows
 * (BERT's attention mask: the rows after them are padding, masked as transformers' additive
 * mask of the dtype's minimum does, to probability exactly 0).
 */
public final class Attention {

    /** Geometry of one attention call; keys [keys, rows) are padding, which no query sees. */
    public record Shape(int rows, int width, int heads, int queryFrom, int queryCount, boolean causal, int keys) {
        public Shape {
            if (width % heads != 0 || queryFrom < 0 || queryCount < 1 || queryFrom + queryCount > rows
                    || keys < 1 || keys > rows) {
                throw new IllegalArgumentException("bad attention shape " + rows + "x" + width + " heads " + heads
                        + " queries " + queryFrom + "+" + queryCount + " keys " + keys);
            }
        }

        /** Every row a key (no padding). */
        public Shape(int rows, int width, int heads, int queryFrom, int queryCount, boolean causal) {
            this(rows, width, heads, queryFrom, queryCount, causal, rows);
        }

        /** The same geometry with only the first {@code keys} rows as keys. */
        public Shape withKeys(int keys) {
            return new Shape(rows, width, heads, queryFrom, queryCount, causal, keys);
        }

        public static Shape full(int rows, int width, int heads, boolean causal) {
            return new Shape(rows, width, heads, 0, rows, causal);
        }

        int headWidth() {
            return width / heads;
        }

        float scale() {
            return (float) (1.0 / Math.sqrt(headWidth()));
        }

        /** The query rows' Q of head h in fused projections [T][3D] from base: [Tq][Dh]. */
        Matrix queries(float[] qkv, int base, int head) {
            return Matrix.strided(qkv, base + queryFrom * 3 * width + head * headWidth(), queryCount, headWidth(), 3 * width);
        }

        /** K of head h for every row, [T][Dh]. */
        Matrix keys(float[] qkv, int base, int head) {
            return Matrix.strided(qkv, base + width + head * headWidth(), rows, headWidth(), 3 * width);
        }

        /** V of head h for every row, [T][Dh]. */
        Matrix values(float[] qkv, int base, int head) {
            return Matrix.strided(qkv, base + 2 * width + head * headWidth(), rows, headWidth(), 3 * width);
        }

        /** One head's scores or probabilities [Tq][T] from base. */
        Matrix scores(float[] scores, int base) {
            return Matrix.of(scores, base, queryCount, rows);
        }

        /** Head h's columns of an attention output [Tq][D] from base: [Tq][Dh]. */
        Matrix headOutput(float[] out, int base, int head) {
            return Matrix.strided(out, base + head * headWidth(), queryCount, headWidth(), width);
        }

        /** Number of keys query row {@code q} (relative to queryFrom) may attend to. */
        int visibleKeys(int q) {
            return causal ? Math.min(queryFrom + q + 1, keys) : keys;
        }
    }

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private Attention() {
    }

    /**
     * Forward for {@code batch} independent sequences: qkv [batch][T][3D], out [batch][Tq][D],
     * probs [batch][H][Tq][T] (kept for tangents and gradients).
     */
    public static void forward(Parallel parallel, float[] out, float[] probs, float[] qkv, Shape shape, int batch) {
        forward(parallel, out, probs, qkv, shape, batch, null);
    }

    /**
     * Forward for sequences padded to one length: sequence b sees only its first {@code keys[b]}
     * rows as keys ({@link Shape#withKeys}); shapes as {@link #forward(Parallel, float[], float[], float[], Shape, int)}.
     */
    public static void forward(Parallel parallel, float[] out, float[] probs, float[] qkv, Shape shape, int[] keys) {
        forward(parallel, out, probs, qkv, shape, keys.length, keys);
    }

    private static void forward(Parallel parallel, float[] out, float[] probs, float[] qkv, Shape shape, int batch,
                                int[] keys) {
        int heads = shape.heads();
        parallel.forRange(batch * heads, 1, (from, to) -> {
            for (int job = from; job < to; job++) {
                int item = job / heads;
                int head = job % heads;
                forwardHead(out, item * shape.queryCount() * shape.width(), probs,
                        (item * heads + head) * shape.queryCount() * shape.rows(),
                        qkv, item * shape.rows() * 3 * shape.width(), head,
                        keys == null ? shape : shape.withKeys(keys[item]));
            }
        });
    }

    private static void forwardHead(float[] out, int outBase, float[] probs, int probsBase,
                                    float[] qkv, int qkvBase, int head, Shape shape) {
        int t = shape.rows();
        Gemm.multiply(Parallel.serial(), shape.queries(qkv, qkvBase, head), shape.keys(qkv, qkvBase, head).t(),
                shape.scores(probs, probsBase), false);
        float scale = shape.scale();
        for (int q = 0; q < shape.queryCount(); q++) {
            softmaxRow(probs, probsBase + q * t, t, shape.visibleKeys(q), scale);
        }
        Gemm.multiply(Parallel.serial(), shape.scores(probs, probsBase), shape.values(qkv, qkvBase, head),
                shape.headOutput(out, outBase, head), false);
    }

    /**
     * Softmax of {@code scale * z} over the first {@code visible} entries; masked entries become 0.
     * Vectorised, because exp is most of a forward pass's non-product time; {@link Exponential}
     * keeps the result the same before and after JIT compilation. Each vector loop is its own method,
     * called only when it has a whole vector to work on: a loop whose body rarely ran while the JIT
     * profiled it (short causal rows) can be compiled without the vector intrinsics, and its vectors are
     * then boxed on the heap for good (BENCHMARKS.md, session 16). A process's first rows go to the
     * scalar twin ({@link ScalarStart}).
     */
    private static void softmaxRow(float[] z, int base, int length, int visible, float scale) {
        if (SOFTMAX_SCALAR_START.take(1)) {
            scalarSoftmaxRow(z, base, length, visible, scale);
        } else {
            vectorSoftmaxRow(z, base, length, visible, scale);
        }
    }

    /**
     * Rows a process takes through {@link #scalarSoftmaxRow} first ({@link ScalarStart}); an image's forward through the
     * default model takes 1,616 (101 rows x 4 heads x 4 blocks).
     */
    private static final ScalarStart SOFTMAX_SCALAR_START = new ScalarStart(4_000);

    /**
     * {@link #softmaxRow} in scalar code with the vector form's bits: the maximum (exact in any
     * order), each lane's running sum of its exponentials in order, the lanes summed in
     * {@link Lanes}' tree, then the tail in order.
     */
    static void scalarSoftmaxRow(float[] z, int base, int length, int visible, float scale) {
        int lanes = Lanes.count();
        int bound = SPECIES.loopBound(visible);
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < visible; j++) {
            max = Math.max(max, z[base + j]);
        }
        float shift = max * scale;
        float[] sums = new float[lanes];
        for (int j = 0; j < bound; j++) {
            float e = Exponential.exp(z[base + j] * scale - shift);
            z[base + j] = e;
            sums[j % lanes] += e;
        }
        float sum = exponentiateTail(z, base, bound, visible, scale, shift, bound > 0 ? Lanes.sum(sums) : 0f);
        scaleTailAndMask(z, base, 0, visible, length, 1f / sum);
    }

    /** {@link #softmaxRow} on vectors. */
    static void vectorSoftmaxRow(float[] z, int base, int length, int visible, float scale) {
        int bound = SPECIES.loopBound(visible);
        float max = bound > 0 ? largestOfVectors(z, base, bound) : Float.NEGATIVE_INFINITY;
        for (int j = bound; j < visible; j++) {
            max = Math.max(max, z[base + j]);
        }
        // scale > 0, so the largest scaled score is scale * max
        float shift = max * scale;
        float sum = exponentiateTail(z, base, bound, visible, scale, shift,
                bound > 0 ? exponentiateVectors(z, base, bound, scale, shift) : 0f);
        float inverse = 1f / sum;
        if (bound > 0) {
            scaleVectors(z, base, bound, inverse);
        }
        scaleTailAndMask(z, base, bound, visible, length, inverse);
    }

    /**
     * z = exp(z * scale - shift) in place over [base + from, base + visible), each added in order to
     * {@code sum} (the sum of the entries before); returns the total. Both forms of the row end so.
     */
    private static float exponentiateTail(float[] z, int base, int from, int visible, float scale, float shift,
                                          float sum) {
        float total = sum;
        for (int j = from; j < visible; j++) {
            float e = Exponential.exp(z[base + j] * scale - shift);
            z[base + j] = e;
            total += e;
        }
        return total;
    }

    /** Scales [base + from, base + visible) by {@code inverse} and zeroes the masked entries up to {@code length}. */
    private static void scaleTailAndMask(float[] z, int base, int from, int visible, int length, float inverse) {
        for (int j = from; j < visible; j++) {
            z[base + j] *= inverse;
        }
        Arrays.fill(z, base + visible, base + length, 0f);
    }

    /** The largest of z[base, base + bound), bound a positive multiple of the vector length. */
    private static float largestOfVectors(float[] z, int base, int bound) {
        FloatVector maxima = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < bound; j += SPECIES.length()) {
            maxima = maxima.max(FloatVector.fromArray(SPECIES, z, base + j));
        }
        return maxima.reduceLanes(VectorOperators.MAX);
    }

    /** z = exp(z * scale - shift) in place over [base, base + bound); returns their sum. */
    private static float exponentiateVectors(float[] z, int base, int bound, float scale, float shift) {
        FloatVector sums = FloatVector.zero(SPECIES);
        for (int j = 0; j < bound; j += SPECIES.length()) {
            FloatVector e = Exponential.exp(FloatVector.fromArray(SPECIES, z, base + j).mul(scale).sub(shift));
            e.intoArray(z, base + j);
            sums = sums.add(e);
        }
        return Lanes.sum(sums);
    }

    private static void scaleVectors(float[] z, int base, int bound, float factor) {
        for (int j = 0; j < bound; j += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, z, base + j).mul(factor).intoArray(z, base + j);
        }
    }

    /**
     * Tangent rule (docs/method.md §6) for {@code directions} tangents through one primal sequence:
     * {@code tZ = (tQ K^T + Q tK^T) * scale}, {@code tP = P * (tZ - rowsum(P * tZ))},
     * {@code tO = tP V + P tV}. tQkv [directions][T][3D], tOut [directions][Tq][D].
     */
    public static void tangent(Parallel parallel, float[] tOut, float[] tQkv, float[] qkv, float[] probs,
                               Shape shape, int directions) {
        int heads = shape.heads();
        int t = shape.rows();
        int tq = shape.queryCount();
        parallel.forRange(directions * heads, 1, (from, to) -> {
            float[] tz = Scratch.floats(Scratch.Role.HEAD_SCORES, tq * t);
            for (int job = from; job < to; job++) {
                int direction = job / heads;
                int head = job % heads;
                tangentHead(tOut, direction * tq * shape.width(), tQkv, direction * t * 3 * shape.width(),
                        qkv, probs, head * tq * t, tz, head, shape);
            }
        });
    }

    private static void tangentHead(float[] tOut, int outBase, float[] tQkv, int tBase, float[] qkv,
                                    float[] probs, int probsBase, float[] tz, int head, Shape shape) {
        Parallel serial = Parallel.serial();
        Gemm.multiply(serial, shape.queries(tQkv, tBase, head), shape.keys(qkv, 0, head).t(), shape.scores(tz, 0), false);
        Gemm.multiply(serial, shape.queries(qkv, 0, head), shape.keys(tQkv, tBase, head).t(), shape.scores(tz, 0), true);
        throughSoftmax(tz, 0, probs, probsBase, shape);
        Matrix headOut = shape.headOutput(tOut, outBase, head);
        Gemm.multiply(serial, shape.scores(tz, 0), shape.values(qkv, 0, head), headOut, false);
        Gemm.multiply(serial, shape.scores(probs, probsBase), shape.values(tQkv, tBase, head), headOut, true);
    }

    /**
     * The softmax Jacobian applied in place to [Tq][T] values z from {@code zBase} (tangents of the scores, or
     * gradients of the probabilities), including the score scale: {@code z <- P * (z - rowsum(P * z)) * scale};
     * it is symmetric, so the tangent and the gradient rule share it. Masked entries become 0.
     */
    private static void throughSoftmax(float[] z, int zBase, float[] probs, int probsBase, Shape shape) {
        int t = shape.rows();
        float scale = shape.scale();
        for (int q = 0; q < shape.queryCount(); q++) {
            int row = zBase + q * t;
            int p = probsBase + q * t;
            int visible = shape.visibleKeys(q);
            int bound = SPECIES.loopBound(visible);
            FloatVector sums = FloatVector.zero(SPECIES);
            int j = 0;
            for (; j < bound; j += SPECIES.length()) {
                sums = FloatVector.fromArray(SPECIES, probs, p + j).fma(FloatVector.fromArray(SPECIES, z, row + j), sums);
            }
            float weighted = Lanes.sum(sums);
            for (; j < visible; j++) {
                weighted += probs[p + j] * z[row + j];
            }
            for (j = 0; j < bound; j += SPECIES.length()) {
                FloatVector.fromArray(SPECIES, z, row + j).sub(weighted).mul(FloatVector.fromArray(SPECIES, probs, p + j))
                        .mul(scale).intoArray(z, row + j);
            }
            for (; j < visible; j++) {
                z[row + j] = probs[p + j] * (z[row + j] - weighted) * scale;
            }
            Arrays.fill(z, row + visible, row + t, 0f);
        }
    }

    /**
     * Gradient rule, the transpose of {@link #tangent}, for {@code batch} sequences: given
     * dOut [batch][Tq][D] and the forward's qkv [batch][T][3D] and probs [batch][H][Tq][T],
     * writes dQkv [batch][T][3D] (every entry: rows outside the queries get dQ = 0):
     * {@code dV = P^T dO}, {@code dP = dO V^T}, {@code dS = P * (dP - rowsum(P * dP)) * scale},
     * {@code dQ = dS K}, {@code dK = dS^T Q}. Masked entries have P = 0 and so dS = 0.
     */
    public static void backward(Parallel parallel, float[] dQkv, float[] dOut, float[] qkv, float[] probs,
                                Shape shape, int batch) {
        int heads = shape.heads();
        int t = shape.rows();
        int tq = shape.queryCount();
        parallel.forRange(batch * heads, 1, (from, to) -> {
            float[] dScores = Scratch.floats(Scratch.Role.HEAD_SCORES, tq * t);
            for (int job = from; job < to; job++) {
                int item = job / heads;
                int head = job % heads;
                int qkvBase = item * t * 3 * shape.width();
                backwardHead(dQkv, qkvBase, dOut, item * tq * shape.width(), qkv, qkvBase,
                        probs, (item * heads + head) * tq * t, dScores, head, shape);
            }
        });
    }

    /**
     * The gradient rule of {@link #backward} for {@code count} cotangents through one primal
     * sequence (qkv [T][3D], probs [H][Tq][T] shared): dOut [count][Tq][D] to dQkv [count][T][3D].
     * It is the transpose of {@link #tangent}, as reverse-mode attributions need.
     */
    public static void cotangent(Parallel parallel, float[] dQkv, float[] dOut, float[] qkv, float[] probs,
                                 Shape shape, int count) {
        int heads = shape.heads();
        int t = shape.rows();
        int tq = shape.queryCount();
        parallel.forRange(count * heads, 1, (from, to) -> {
            float[] dScores = Scratch.floats(Scratch.Role.HEAD_SCORES, tq * t);
            for (int job = from; job < to; job++) {
                int item = job / heads;
                int head = job % heads;
                backwardHead(dQkv, item * t * 3 * shape.width(), dOut, item * tq * shape.width(), qkv, 0,
                        probs, head * tq * t, dScores, head, shape);
            }
        });
    }

    /**
     * The first half of {@link #cotangent}, for callers that finish it in low rank: the
     * gradients of the (scaled) scores {@code dS = P * (dP - rowsum(P * dP)) * scale} with
     * {@code dP = dO V^T}, for {@code count} cotangents through one primal sequence.
     * dOut [count][Tq][D], dScores [count][H][Tq][T].
     */
    public static void scoreCotangents(Parallel parallel, float[] dScores, float[] dOut, float[] qkv, float[] probs,
                                       Shape shape, int count) {
        int heads = shape.heads();
        int t = shape.rows();
        int d = shape.width();
        int dh = shape.headWidth();
        int tq = shape.queryCount();
        parallel.forRange(count * heads, 1, (from, to) -> {
            for (int job = from; job < to; job++) {
                int item = job / heads;
                int head = job % heads;
                int scores = job * tq * t;
                Gemm.multiply(Parallel.serial(), shape.headOutput(dOut, item * tq * d, head),
                        shape.values(qkv, 0, head).t(), shape.scores(dScores, scores), false);
                throughSoftmax(dScores, scores, probs, head * tq * t, shape);
            }
        });
    }

    private static void backwardHead(float[] dQkv, int dQkvBase, float[] dOut, int outBase, float[] qkv, int qkvBase,
                                     float[] probs, int probsBase, float[] dScores, int head, Shape shape) {
        int t = shape.rows();
        int d = shape.width();
        int dh = shape.headWidth();
        int tq = shape.queryCount();
        int stride = 3 * d;
        Parallel serial = Parallel.serial();
        Matrix dO = shape.headOutput(dOut, outBase, head);
        Gemm.multiply(serial, shape.scores(probs, probsBase).t(), dO, shape.values(dQkv, dQkvBase, head), false);
        Gemm.multiply(serial, dO, shape.values(qkv, qkvBase, head).t(), shape.scores(dScores, 0), false);
        throughSoftmax(dScores, 0, probs, probsBase, shape);
        Gemm.multiply(serial, shape.scores(dScores, 0), shape.keys(qkv, qkvBase, head),
                shape.queries(dQkv, dQkvBase, head), false);
        Gemm.multiply(serial, shape.scores(dScores, 0).t(), shape.queries(qkv, qkvBase, head),
                shape.keys(dQkv, dQkvBase, head), false);
        for (int r = 0; r < t; r++) {
            if (r < shape.queryFrom() || r >= shape.queryFrom() + tq) {
                Arrays.fill(dQkv, dQkvBase + r * stride + head * dh, dQkvBase + r * stride + (head + 1) * dh, 0f);
            }
        }
    }

    /**
     * The tangent rule when each direction starts on a single row: direction s is non-zero only
     * on row {@code sourceRows[s]}, where its Q, K, V tangents are {@code tQkvRows[s]} [3D].
     * Exploits that sparsity: for a query row a other than the source row r, tZ has one entry
     * {@code c = scale * Q_a . tK_r}, so {@code tO_a = c * P_ar * (V_r - O_a) + P_ar * tV_r}
     * with O the primal per-head output; only row r needs a full softmax tangent.
     * Shapes: attended (primal O) [Tq][D], tOut [directions][Tq][D].
     */
    public static void tangentFromRows(Parallel parallel, float[] tOut, float[] tQkvRows, int[] sourceRows,
                                       float[] qkv, float[] probs, float[] attended, Shape shape, int directions) {
        int heads = shape.heads();
        parallel.forRange(directions * heads, 1, (from, to) -> {
            float[] tz = Scratch.floats(Scratch.Role.HEAD_SCORES, shape.rows());
            for (int job = from; job < to; job++) {
                int direction = job / heads;
                tangentHeadFromRow(tOut, direction * shape.queryCount() * shape.width(), tQkvRows,
                        direction * 3 * shape.width(), sourceRows[direction], qkv, probs, attended, tz, job % heads, shape);
            }
        });
    }

    private static void tangentHeadFromRow(float[] tOut, int outBase, float[] tQkvRows, int tBase, int source,
                                           float[] qkv, float[] probs, float[] attended, float[] tz, int head, Shape shape) {
        int t = shape.rows();
        int d = shape.width();
        int dh = shape.headWidth();
        int stride = 3 * d;
        int offset = head * dh;
        float scale = shape.scale();
        int tQ = tBase + offset;
        int tK = tBase + d + offset;
        int tV = tBase + 2 * d + offset;
        int vSource = source * stride + 2 * d + offset;
        for (int q = 0; q < shape.queryCount(); q++) {
            int query = shape.queryFrom() + q;
            int visible = shape.visibleKeys(q);
            int probsRow = (head * shape.queryCount() + q) * t;
            int out = outBase + q * d + offset;
            float sourceProb = source < visible ? probs[probsRow + source] : 0f;
            float c = 0f;
            if (source < visible) {
                int qRow = query * stride + offset;
                for (int i = 0; i < dh; i++) {
                    c += qkv[qRow + i] * tQkvRows[tK + i];
                }
                c *= scale;
            }
            if (query != source) {
                int attendedRow = q * d + offset;
                for (int i = 0; i < dh; i++) {
                    tOut[out + i] = sourceProb * (c * (qkv[vSource + i] - attended[attendedRow + i]) + tQkvRows[tV + i]);
                }
                continue;
            }
            float weighted = 0f;
            for (int j = 0; j < visible; j++) {
                int kRow = j * stride + d + offset;
                float z = 0f;
                for (int i = 0; i < dh; i++) {
                    z += tQkvRows[tQ + i] * qkv[kRow + i];
                }
                z *= scale;
                if (j == source) {
                    z += c;
                }
                tz[j] = z;
                weighted += probs[probsRow + j] * z;
            }
            for (int i = 0; i < dh; i++) {
                tOut[out + i] = sourceProb * tQkvRows[tV + i];
            }
            for (int j = 0; j < visible; j++) {
                float tp = probs[probsRow + j] * (tz[j] - weighted);
                int vRow = j * stride + 2 * d + offset;
                for (int i = 0; i < dh; i++) {
                    tOut[out + i] += tp * qkv[vRow + i];
                }
            }
        }
    }
}
