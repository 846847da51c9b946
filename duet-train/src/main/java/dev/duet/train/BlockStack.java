package dev.duet.train;

import dev.duet.model.BlockWeights;
import dev.duet.model.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * A tower's blocks under a {@link TowerTraining}: the forward keeps traces only for blocks the
 * backward pass must cross (those at or above the lowest trainable part); blocks below run the
 * plain forward. Trace buffers are reused from step to step while the batch shape stays.
 */
final class BlockStack {

    private final List<TransformerBlock> blocks;
    private final TowerTraining training;
    private final int lowestBackward;
    private final List<TransformerBlock.BatchTrace> reusable;

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
    List<TransformerBlock.BatchTrace> forward(Parallel parallel, float[] x, int batch, int rows) {
        List<TransformerBlock.BatchTrace> traces = new ArrayList<>(blocks.size());
        for (int b = 0; b < blocks.size(); b++) {
            TransformerBlock block = blocks.get(b);
            if (b < lowestBackward) {
                block.forward(parallel, x, batch, rows);
                traces.add(null);
                continue;
            }
            TransformerBlock.BatchTrace trace = reusable.get(b);
            if (trace == null || trace.batch() != batch || trace.rows() != rows) {
                trace = block.newBatchTrace(batch, rows);
                reusable.set(b, trace);
            }
            block.forwardTraced(parallel, x, trace);
            traces.add(trace);
        }
        return traces;
    }

    /**
     * dX [B][T][D]: the gradient of the top block's output on entry; on return the gradient of
     * the first block's input when the embeddings train (otherwise undefined). Parameter
     * gradients of trainable blocks accumulate into {@code gradients}.
     */
    void backward(Parallel parallel, List<TransformerBlock.BatchTrace> traces, float[] dX, List<BlockWeights> gradients) {
        int layers = blocks.size();
        for (int b = layers - 1; b >= lowestBackward; b--) {
            BlockWeights target = training.trainsBlock(b, layers) ? gradients.get(b) : null;
            boolean inputGradient = b > lowestBackward || training.embeddings();
            blocks.get(b).backward(parallel, traces.get(b), dX, target, inputGradient);
        }
    }
}
