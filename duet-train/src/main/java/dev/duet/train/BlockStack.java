/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * A tower's blocks under a {@link TowerTraining}: the forward keeps derivative traces only for
 * blocks the backward pass must cross (those at or above the lowest trainable part); blocks
 * below run on inference traces. Traces are reused from step to step while the batch shape stays.
 */
final class BlockStack {

    private final List<TransformerBlock> blocks;
    private final TowerTraining training;
    private final int lowestBackward;
    private final List<TransformerBlock.Trace> reusable;

    BlockStack(List<TransformerBlock> blocks, TowerTraining training) {
        this.blocks = List.copyOf(blocks);
        this.training = training;
        this.lowestBackward = training.lowestBackwardBlock(blocks.size());
        this.reusable = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            reusable.add(null);
        }
    }

    /** True when the backward pass crosses at least one block. */
    boolean needsBackward() {
        return lowestBackward < blocks.size();
    }

    /**
     * Runs x [B][T][D] through every block in place; returns the traces (null below the lowest
     * block the backward pass reaches). The traces stay valid until the next call.
     */
    List<TransformerBlock.Trace> forward(Parallel parallel, float[] x, int batch, int rows) {
        return forward(parallel, x, batch, rows, 0, rows);
    }

    /**
     * As {@link #forward(Parallel, float[], int, int)}, but the top block computes only row
     * {@code pooledRow} of each sequence, the one read out (its other rows keep the top block's
     * input): the top block's projections and MLP run on B rows instead of B*T.
     */
    List<TransformerBlock.Trace> forwardToRow(Parallel parallel, float[] x, int batch, int rows, int pooledRow) {
        return forward(parallel, x, batch, rows, pooledRow, 1);
    }

    private List<TransformerBlock.Trace> forward(Parallel parallel, float[] x, int batch, int rows, int topQueryFrom,
                                                 int topQueryCount) {
        List<TransformerBlock.Trace> traces = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            TransformerBlock block = blocks.get(b);
            boolean kept = b >= lowestBackward;
            boolean top = b == blocks.size() - 1;
            int queryFrom = top ? topQueryFrom : 0;
            int queryCount = top ? topQueryCount : rows;
            TransformerBlock.Trace trace = reusable.get(b);
            if (trace == null || trace.batch() != batch || trace.rows() != rows || trace.queryFrom() != queryFrom
                    || trace.queryCount() != queryCount) {
                trace = kept ? block.derivativeTrace(batch, rows, queryFrom, queryCount)
                        : block.inferenceTrace(batch, rows, queryFrom, queryCount);
                reusable.set(b, trace);
            }
            block.forward(parallel, x, trace);
            traces.add(kept ? trace : null);
        }
        return traces;
    }

    /**
     * dX [B][T][D]: the gradient of the top block's output on entry; on return the gradient of
     * the first block's input when the embeddings train (otherwise undefined). Parameter
     * gradients of trainable blocks accumulate into {@code gradients}.
     */
    void backward(Parallel parallel, List<TransformerBlock.Trace> traces, float[] dX, List<BlockWeights> gradients) {
        int layers = blocks.size();
        for (int b = layers - 1; b >= lowestBackward; b--) {
            BlockWeights target = training.trainsBlock(b, layers) ? gradients.get(b) : null;
            boolean inputGradient = b > lowestBackward || training.embeddings();
            blocks.get(b).backward(parallel, traces.get(b), dX, target, inputGradient);
        }
    }
}
