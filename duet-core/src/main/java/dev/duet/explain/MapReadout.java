/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.AlignTextEncoder;
import dev.duet.model.SentencePooling;
import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Pooling;
import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.Arrays;

/**
 * What turns a {@link DenseSlice}'s last map [N][C] (N positions) into its raw embedding [P]:
 * CLIP ResNet's attention pool, ALIGN's global mean (linear: its tangent is the mean of the
 * tangent map, its cotangent spreads {@code d / N} over the N positions), or a BERT tower's
 * pooled sentence and projection.
 *
 * @param <T> what one forward keeps for the derivative rules
 */
interface MapReadout<T> {

    /** P: the embedding's width. */
    int dim();

    /** The readout of one image's map [N][C]. */
    T forward(Parallel parallel, float[] map, int positions);

    /** The raw embedding [P] of a forward. */
    float[] embedding(T trace);

    /** Tangents [S][P] of map tangents [S][N][C] at a one-image trace. */
    float[] tangent(Parallel parallel, T trace, float[] tMap, int count);

    /** Map cotangents [S][N][C] of embedding cotangents [S][P] at a one-image trace. */
    float[] cotangent(Parallel parallel, T trace, float[] dz, int count);

    /** CLIP ResNet's attention pool (the mean token as query over the positions). */
    static MapReadout<AttentionPool.Trace> attention(AttentionPool pool) {
        return new MapReadout<>() {
            @Override
            public int dim() {
                return pool.outputDim();
            }

            @Override
            public AttentionPool.Trace forward(Parallel parallel, float[] map, int positions) {
                return pool.forward(parallel, map, 1, positions);
            }

            @Override
            public float[] embedding(AttentionPool.Trace trace) {
                return trace.embeddings();
            }

            @Override
            public float[] tangent(Parallel parallel, AttentionPool.Trace trace, float[] tMap, int count) {
                return pool.tangent(parallel, trace, tMap, count);
            }

            @Override
            public float[] cotangent(Parallel parallel, AttentionPool.Trace trace, float[] dz, int count) {
                return pool.cotangent(parallel, trace, dz, count);
            }
        };
    }

    /** The global mean of a map of {@code positions} positions of {@code channels} channels (ALIGN's embedding). */
    static MapReadout<float[]> mean(int positions, int channels) {
        return new MapReadout<>() {
            @Override
            public int dim() {
                return channels;
            }

            @Override
            public float[] forward(Parallel parallel, float[] map, int mapPositions) {
                if (mapPositions != positions) {
                    throw new IllegalArgumentException("a map of " + mapPositions + " positions for a mean over " + positions);
                }
                return tangent(parallel, null, map, 1);
            }

            @Override
            public float[] embedding(float[] pooled) {
                return pooled;
            }

            @Override
            public float[] tangent(Parallel parallel, float[] trace, float[] tMap, int count) {
                float[] pooled = new float[count * channels];
                AveragePool.global(pooled, tMap, count, positions, channels);
                return pooled;
            }

            @Override
            public float[] cotangent(Parallel parallel, float[] trace, float[] dz, int count) {
                float[] dMap = new float[count * positions * channels];
                AveragePool.globalBackward(dMap, dz, count, positions, channels);
                return dMap;
            }
        };
    }

    /**
     * A BERT tower's pooled sentence of {@code rows} rows of {@code width}: the mean of the rows or the [CLS]
     * row, then for ALIGN's text tower its projection {@code z = W pooled + b} (null: none, P = D). Pooling
     * and projection are linear: a tangent pools and projects alike without the bias, a cotangent goes back
     * through {@code W^T} and the pooling's scatter. The trace is the embedding.
     */
    static MapReadout<float[]> sentence(SentencePooling pooling, int rows, int width, AlignTextEncoder projected) {
        return new MapReadout<>() {
            @Override
            public int dim() {
                return projected == null ? width : projected.projectionDim();
            }

            @Override
            public float[] forward(Parallel parallel, float[] map, int positions) {
                if (positions != rows) {
                    throw new IllegalArgumentException("a sentence of " + positions + " rows for a readout of " + rows);
                }
                return project(parallel, pool(map, 1), 1, true);
            }

            @Override
            public float[] embedding(float[] embedding) {
                return embedding;
            }

            @Override
            public float[] tangent(Parallel parallel, float[] trace, float[] tMap, int count) {
                return project(parallel, pool(tMap, count), count, false);
            }

            @Override
            public float[] cotangent(Parallel parallel, float[] trace, float[] dz, int count) {
                float[] dPooled = dz;
                if (projected != null) {
                    dPooled = new float[count * width];
                    Linear.backward(parallel, dPooled, null, null, dz, null, projected.projection(), count, width,
                            projected.projectionDim());
                }
                return switch (pooling) {
                    case MEAN -> Pooling.meanScatter(dPooled, rows, width, everyRow(count));
                    case CLS -> Pooling.scatter(dPooled, rows, width, new int[count]);
                };
            }

            /** The pooled vectors [S][D] of S states or tangents [S][T][D]. */
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

            /** The projection of pooled vectors [S][D] to [S][P] (with its bias for states, without for tangents), or them. */
            private float[] project(Parallel parallel, float[] pooled, int count, boolean withBias) {
                if (projected == null) {
                    return pooled;
                }
                float[] z = new float[count * projected.projectionDim()];
                Linear.forward(parallel, z, pooled, projected.projection(), withBias ? projected.projectionBias() : null,
                        count, width, projected.projectionDim());
                return z;
            }
        };
    }
}
