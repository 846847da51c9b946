/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.BertTextEncoder;
import dev.duet.model.SentencePooling;
import dev.duet.model.layer.PostNormBlock;
import dev.duet.model.layer.Pooling;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a BERT sentence encoder above the cut at layer l, composed of its own layers:
 * post-LN blocks l..L-1 over one unpadded sentence of T rows, then its {@link SentencePooling}
 * (the mean of the rows, or the [CLS] row). There is no projection: the raw embedding is the
 * pooled state, P = D. Every row of the sentence reaches the pooled vector (the mean reads all
 * of them, and [CLS] attends to all), so each block computes every row.
 */
final class BertSlice implements TowerSlice {

    private final List<PostNormBlock> blocks;
    private final SentencePooling pooling;
    private final int rows;
    private final int width;

    BertSlice(BertTextEncoder tower, SentencePooling pooling, int layer, int rows) {
        this.blocks = tower.blocks().subList(layer, tower.blocks().size());
        this.pooling = pooling;
        this.rows = rows;
        this.width = tower.config().width();
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
        return width;
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
        return new Traces(traces, pool(state, 1));
    }

    @Override
    public Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats) {
        Traces primal = (Traces) forward(parallel, x);
        int directions = sourceRows.length;
        float[] tangents = new float[directions * width];
        int chunk = perChunk(directions, maxChunkFloats);
        for (int start = 0; start < directions; start += chunk) {
            int count = Math.min(chunk, directions - start);
            // direction s: its row of the displacement on its source row, zero elsewhere, [S][T][D]
            float[] dense = new float[count * rows * width];
            for (int s = 0; s < count; s++) {
                System.arraycopy(directionRows, (start + s) * width, dense, (s * rows + sourceRows[start + s]) * width,
                        width);
            }
            System.arraycopy(blockTangents(parallel, primal, dense, count), 0, tangents, start * width, count * width);
        }
        return new Jvp(primal.embedding(), tangents);
    }

    @Override
    public float[] cotangents(Parallel parallel, Primal point, float[] dz, int count) {
        Traces primal = (Traces) point;
        float[] cotangent = switch (pooling) {
            case MEAN -> Pooling.meanScatter(dz, rows, width, everyRow(count));
            case CLS -> Pooling.scatter(dz, rows, width, new int[count]);
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

    /** The pooled tangents [S][D] of dense input tangents [S][T][D]. */
    private float[] blockTangents(Parallel parallel, Traces primal, float[] tangent, int count) {
        for (int b = 0; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.traces().get(b), tangent, count);
        }
        return pool(tangent, count);
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
