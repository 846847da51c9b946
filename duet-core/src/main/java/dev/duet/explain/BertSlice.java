/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.AlignTextEncoder;
import dev.duet.model.BertTextEncoder;
import dev.duet.model.SentencePooling;
import dev.duet.model.layer.PostNormBlock;
import dev.duet.model.layer.Pooling;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a BERT tower above the cut at layer l, composed of its own layers: post-LN blocks
 * l..L-1 over one unpadded sentence of T rows, then its {@link SentencePooling} (the mean of the
 * rows, or the [CLS] row), then for ALIGN's text tower its projection (a Linear with bias,
 * {@code z = W pooled + b}, tangent {@code W t}, cotangent {@code W^T d}); a sentence encoder has
 * none, so its raw embedding is the pooled state, P = D. Every row of the sentence reaches the
 * pooled vector (the mean reads all of them, and [CLS] attends to all), so each block computes
 * every row.
 */
final class BertSlice implements TowerSlice {

    private final List<PostNormBlock> blocks;
    private final SentencePooling pooling;
    private final int rows;
    private final int width;
    private final AlignTextEncoder projected;   // null: no projection

    BertSlice(BertTextEncoder tower, SentencePooling pooling, int layer, int rows) {
        this(tower, pooling, null, layer, rows);
    }

    private BertSlice(BertTextEncoder tower, SentencePooling pooling, AlignTextEncoder projected, int layer, int rows) {
        this.blocks = tower.blocks().subList(layer, tower.blocks().size());
        this.pooling = pooling;
        this.rows = rows;
        this.width = tower.config().width();
        this.projected = projected;
    }

    /** ALIGN's text tower above layer {@code layer}: the [CLS] row through {@code text_projection}. */
    static BertSlice align(AlignTextEncoder tower, int layer, int rows) {
        return new BertSlice(tower.bert(), SentencePooling.CLS, tower, layer, rows);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int projectionDim() {
        return projected == null ? width : projected.projectionDim();
    }

    /** Every block's trace and the pooled state. */
    private record Traces(List<PostNormBlock.Trace> traces, float[] embedding) implements Primal {
    }

    @Override
    public Primal forward(Parallel parallel, float[] x) {
        List<PostNormBlock.Trace> traces = new ArrayList<>(blocks.size());
        float[] state = x.clone();
        for (PostNormBlock block : blocks) {
            PostNormBlock.Trace trace = block.derivativeTrace(rows, rows);
            block.forward(parallel, state, trace);
            traces.add(trace);
        }
        return new Traces(traces, project(parallel, pool(state, 1), 1, true));
    }

    @Override
    public Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats) {
        Traces primal = (Traces) forward(parallel, x);
        int directions = sourceRows.length;
        int dim = projectionDim();
        float[] tangents = new float[directions * dim];
        int chunk = perChunk(directions, maxChunkFloats);
        for (int start = 0; start < directions; start += chunk) {
            int count = Math.min(chunk, directions - start);
            // direction s: its row of the displacement on its source row, zero elsewhere, [S][T][D]
            float[] dense = new float[count * rows * width];
            for (int s = 0; s < count; s++) {
                System.arraycopy(directionRows, (start + s) * width, dense, (s * rows + sourceRows[start + s]) * width,
                        width);
            }
            System.arraycopy(blockTangents(parallel, primal, dense, count), 0, tangents, start * dim, count * dim);
        }
        return new Jvp(primal.embedding(), tangents);
    }

    @Override
    public float[] cotangents(Parallel parallel, Primal point, float[] dz, int count) {
        Traces primal = (Traces) point;
        float[] dPooled = dz;
        if (projected != null) {
            dPooled = new float[count * width];
            Linear.backward(parallel, dPooled, null, null, dz, null, projected.projection(), count, width,
                    projected.projectionDim());
        }
        float[] cotangent = switch (pooling) {
            case MEAN -> Pooling.meanScatter(dPooled, rows, width, everyRow(count));
            case CLS -> Pooling.scatter(dPooled, rows, width, new int[count]);
        };
        for (int b = blocks.size() - 1; b >= 0; b--) {
            cotangent = blocks.get(b).cotangent(parallel, primal.traces().get(b), cotangent, count);
        }
        return cotangent;
    }

    @Override
    public int cotangentsPerChunk(int cotangents, int maxChunkFloats) {
        return perChunk(cotangents, maxChunkFloats);
    }

    @Override
    public float[] denseTangent(Parallel parallel, Primal point, float[] direction) {
        return blockTangents(parallel, (Traces) point, direction, 1);
    }

    /** The embedding's tangents [S][P] of dense input tangents [S][T][D]. */
    private float[] blockTangents(Parallel parallel, Traces primal, float[] tangent, int count) {
        for (int b = 0; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.traces().get(b), tangent, count);
        }
        return project(parallel, pool(tangent, count), count, false);
    }

    /** The projection of pooled vectors [S][D] to [S][P] (with its bias for states, without for tangents), or them. */
    private float[] project(Parallel parallel, float[] pooled, int count, boolean withBias) {
        if (projected == null) {
            return pooled;
        }
        float[] z = new float[count * projected.projectionDim()];
        Linear.forward(parallel, z, pooled, projected.projection(), withBias ? projected.projectionBias() : null, count,
                width, projected.projectionDim());
        return z;
    }

    /** The pooled vectors [S][D] of S states or tangents [S][T][D]: pooling is linear, so both pool alike. */
    private float[] pool(float[] states, int count) {
        return switch (pooling) {
            case MEAN -> Pooling.mean(states, rows, width, everyRow(count));
            case CLS -> Pooling.select(states, rows, width, new int[count]);
        };
    }

    private int[] everyRow(int count) {
        int[] keys = new int[count];
        Arrays.fill(keys, rows);
        return keys;
    }

    /** Directions or cotangents per chunk, each [T] x the widest of 3D and I. */
    private int perChunk(int count, int maxChunkFloats) {
        long widest = 3L * width;
        for (PostNormBlock block : blocks) {
            widest = Math.max(widest, block.intermediate());
        }
        return (int) Math.max(1, Math.min(count, maxChunkFloats / (rows * widest)));
    }
}
