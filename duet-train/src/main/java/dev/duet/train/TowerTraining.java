/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * Which parts of one tower train. Frozen parts get no gradient work at all: the backward pass
 * stops below the lowest trainable part.
 *
 * @param trainableBlocks the top {@code trainableBlocks} blocks train (0: none; at least the layer count: all)
 * @param embeddings token/position (text) or patch/class/position/pre-LayerNorm (vision) parameters train
 * @param head the final LayerNorm and the projection train
 */
public record TowerTraining(int trainableBlocks, boolean embeddings, boolean head) {

    public TowerTraining {
        if (trainableBlocks < 0) {
            throw new IllegalArgumentException("trainable block count must be >= 0, got " + trainableBlocks);
        }
    }

    public static TowerTraining all() {
        return new TowerTraining(Integer.MAX_VALUE, true, true);
    }

    public static TowerTraining frozen() {
        return new TowerTraining(0, false, false);
    }

    /** Everything frozen except the top {@code blocks} blocks and the head. */
    public static TowerTraining lastBlocks(int blocks) {
        return new TowerTraining(blocks, false, true);
    }

    public boolean trainsBlock(int block, int layers) {
        return block >= layers - Math.min(trainableBlocks, layers);
    }

    public boolean trainsAnything() {
        return trainableBlocks > 0 || embeddings || head;
    }

    /**
     * The lowest block the backward pass must reach: 0 when the embeddings train, else the lowest
     * trainable block; {@code layers} when no block needs a backward pass.
     */
    int lowestBackwardBlock(int layers) {
        if (embeddings) {
            return 0;
        }
        return layers - Math.min(trainableBlocks, layers);
    }
}
