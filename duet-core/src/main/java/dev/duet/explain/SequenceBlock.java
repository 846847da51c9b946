/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.layer.MapBlock;
import dev.duet.model.layer.PostNormBlock;
import dev.duet.tensor.Parallel;

/**
 * BERT's post-LN block as a block of a {@link DenseSlice}: one unpadded sentence of T rows is a
 * map of T x 1 positions, every row attended, and the block keeps the map's size. Its forward
 * runs on a copy (the block works in place); its tangent and cotangent are the block's own.
 */
record SequenceBlock(PostNormBlock block) implements MapBlock<SequenceBlock.Trace> {

    /** The block's trace of one sentence and its output [T][D]. */
    record Trace(PostNormBlock.Trace block, float[] output) implements MapBlock.Trace {
    }

    @Override
    public int outChannels() {
        return block.width();
    }

    @Override
    public int widestChannels() {
        return Math.max(3 * block.width(), block.intermediate());
    }

    @Override
    public int outSize(int side) {
        return side;
    }

    @Override
    public Trace forward(Parallel parallel, float[] x, int batch, int height, int width) {
        if (batch != 1 || width != 1) {
            throw new IllegalArgumentException("a sentence is one map of T x 1 rows, not " + batch + " of "
                    + height + " x " + width);
        }
        float[] output = x.clone();
        PostNormBlock.Trace trace = block.derivativeTrace(height, height);
        block.forward(parallel, output, trace);
        return new Trace(trace, output);
    }

    @Override
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        return block.tangent(parallel, trace.block(), tX, directions);
    }

    @Override
    public float[] cotangent(Parallel parallel, Trace trace, float[] dOut, int count) {
        return block.cotangent(parallel, trace.block(), dOut, count);
    }
}
