/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Parallel;

/**
 * A block on channel-last maps x [B][H][W][C]: CLIP ResNet's {@link Bottleneck} and EfficientNet's
 * {@link MBConv} (and, in the explanation package, BERT's {@link PostNormBlock} over a sentence as a
 * map of T x 1). The explanation's slice above a cut composes any of them through these rules;
 * each block keeps its own gradient rule beside them.
 *
 * @param <T> what one forward keeps for the derivative rules
 */
public interface MapBlock<T extends MapBlock.Trace> {

    /** What a forward keeps; its output is the next block's input. */
    interface Trace {
        /** {@return the block's output map [B][Ho][Wo][Cout]} */
        float[] output();
    }

    /** {@return Cout: channels of the output map} */
    int outChannels();

    /** {@return the most channels of any map the block's tangent or cotangent holds (for chunking directions)} */
    int widestChannels();

    /**
     * {@return the output map's size along one axis (height or width) for an input of {@code side} along it}
     *
     * @param side the input map's size along that axis
     */
    int outSize(int side);

    /**
     * {@return the block on x [B][H][W][Cin], with what its rules read}
     *
     * @param parallel the threads to run on
     * @param x        the input maps
     * @param batch    B
     * @param height   H
     * @param width    W
     */
    T forward(Parallel parallel, float[] x, int batch, int height, int width);

    /**
     * {@return tangents [S][Ho][Wo][Cout] of tangents tX [S][H][W][Cin] through a one-image trace}
     *
     * @param parallel   the threads to run on
     * @param trace      a forward of one image
     * @param tX         S input tangents
     * @param directions S
     */
    float[] tangent(Parallel parallel, T trace, float[] tX, int directions);

    /**
     * {@return cotangents [S][H][W][Cin] of output cotangents dOut [S][Ho][Wo][Cout] through a one-image trace}
     *
     * @param parallel the threads to run on
     * @param trace    a forward of one image
     * @param dOut     S output cotangents
     * @param count    S
     */
    float[] cotangent(Parallel parallel, T trace, float[] dOut, int count);
}
