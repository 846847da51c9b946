/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.EfficientNetEncoder;
import dev.duet.model.ImageTower;
import dev.duet.model.ResNetEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.Parallel;

/**
 * The part of a tower above the cut: maps a hidden state x [T][D] (T rows: tokens, CLS and
 * patches, or the positions of a feature map) to the raw embedding z [P], with the derivative
 * rules the explanation engines integrate along the path. The normalisation is applied by the
 * caller's mode. Implementations compose the tower's own layers ({@link TransformerSlice},
 * {@link DenseSlice} for ResNets, EfficientNets and BERT).
 */
interface TowerSlice {

    /** An image tower above cut {@code layer}, composed of its own layers. */
    static TowerSlice image(ImageTower tower, int layer) {
        return switch (tower) {
            case VisionEncoder transformer -> TransformerSlice.vision(transformer, layer);
            case ResNetEncoder resnet -> DenseSlice.of(resnet, layer);
            case EfficientNetEncoder efficientNet -> DenseSlice.of(efficientNet, layer);
        };
    }

    int rows();

    int width();

    int projectionDim();

    /** What a forward keeps for the derivative rules at its point. */
    interface Primal {
        /** The raw embedding z [P] at the point. */
        float[] embedding();
    }

    /** A path point's raw embedding and the JVPs of the raw embedding in row-restricted directions. */
    record Jvp(float[] embedding, float[] tangents) {   // [P], [S][P]
    }

    /** The primal at x [T][D] (x is not modified). */
    Primal forward(Parallel parallel, float[] x);

    /** Raw embedding z [P] of hidden state x [T][D]. */
    default float[] embedding(Parallel parallel, float[] x) {
        return forward(parallel, x).embedding();
    }

    /**
     * Jacobian-vector products at x [T][D] for directions that each start on one row:
     * direction s is {@code directionRows[s]} [D] on row {@code sourceRows[s]}, zero elsewhere.
     * Directions are processed in chunks so that no buffer exceeds {@code maxChunkFloats}.
     */
    Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats);

    /**
     * Vector-Jacobian products at the primal's point: for each cotangent {@code dz[s]} [P] of the
     * raw embedding, the cotangent of the input state [T][D] (reverse mode, the transpose of
     * {@link #jvp}). Returns [S][T][D]; callers chunk S (see {@link #cotangentsPerChunk}).
     */
    float[] cotangents(Parallel parallel, Primal primal, float[] dz, int count);

    /** Cotangents per call of {@link #cotangents} that keep every buffer within {@code maxChunkFloats}. */
    int cotangentsPerChunk(int cotangents, int maxChunkFloats);

    /** The JVP of the raw embedding [P] at the primal's point in one dense direction [T][D]. */
    float[] denseTangent(Parallel parallel, Primal primal, float[] direction);
}
