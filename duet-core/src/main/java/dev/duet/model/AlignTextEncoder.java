/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * ALIGN's text tower: a {@link BertTextEncoder} whose [CLS] row's last hidden state goes through
 * {@code text_projection}, a Linear with bias, weight [P][D] and bias [P] (BERT's own pooler, dense
 * and tanh, is in the checkpoint but not in the embedding); {@code padId} is the tokenizer's
 * {@code [PAD]}, of which an explanation's reference caption is made.
 */
public record AlignTextEncoder(BertTextEncoder bert, float[] projection, float[] projectionBias, int projectionDim,
                               int padId)
        implements TextTower {

    public AlignTextEncoder {
        int width = bert.config().width();
        if (projection.length != projectionDim * width || projectionBias.length != projectionDim) {
            throw new IllegalArgumentException("text_projection does not map " + width + " to " + projectionDim);
        }
    }

    @Override
    public int layers() {
        return bert.blocks().size();
    }

    /** Raw (unnormalised) embeddings [B][P] of unpadded sequences, each [CLS] ... [SEP]. */
    @Override
    public float[][] encode(Parallel parallel, List<int[]> ids) {
        int width = bert.config().width();
        int[] lengths = BertTextEncoder.lengths(ids);
        int rows = java.util.Arrays.stream(lengths).max().orElseThrow();
        float[] hidden = bert.hiddenStates(parallel, ids);
        float[] cls = new float[ids.size() * width];
        for (int b = 0; b < ids.size(); b++) {
            System.arraycopy(hidden, b * rows * width, cls, b * width, width);
        }
        float[] projected = new float[ids.size() * projectionDim];
        Linear.forward(parallel, projected, cls, projection, projectionBias, ids.size(), width, projectionDim);
        float[][] embeddings = new float[ids.size()][];
        for (int b = 0; b < ids.size(); b++) {
            embeddings[b] = java.util.Arrays.copyOfRange(projected, b * projectionDim, (b + 1) * projectionDim);
        }
        return embeddings;
    }
}
