/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.layer.AttentionPool;
import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Parallel;

/**
 * What turns a convolutional tower's last map [N][C] (N positions) into its raw embedding [P]:
 * CLIP ResNet's attention pool, or ALIGN's global mean (linear: its tangent is the mean of the
 * tangent map, its cotangent spreads {@code d / N} over the N positions).
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
}
