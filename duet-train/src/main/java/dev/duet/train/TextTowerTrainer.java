/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.model.TextEncoder;
import dev.duet.model.TextWeights;
import dev.duet.model.layer.Pooling;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.TokenEmbedding;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The text tower's training forward (keeping what its gradient needs) and backward, composed
 * of the tower's own layers ({@link TextEncoder}): token embedding, causal blocks, pooling at
 * the EOS row, head. A causal tower's batch runs through the blocks in groups of similar length
 * ({@link LengthBuckets}), each padded with id 0 to T = 1 + its largest pooled row; by the
 * causal mask, rows after a sequence's pooled row never reach it, so padding changes neither
 * embeddings nor gradients. The head takes the pooled rows of all groups at once, in the
 * batch's order.
 */
public final class TextTowerTrainer {

    /** The forward of one batch; its buffers stay valid until the next forward. */
    public static final class Pass {
        private final List<Group> groups;
        private final int batch;
        private final ProjectionHead.Trace head;

        private Pass(List<Group> groups, int batch, ProjectionHead.Trace head) {
            this.groups = groups;
            this.batch = batch;
            this.head = head;
        }

        public int batch() {
            return batch;
        }

        /** Unnormalised embeddings [B][P]. */
        public float[] embeddings() {
            return head.embeddings();
        }
    }

    /**
     * One group's forward: {@code members[g]} is the batch index of its g-th sequence; tokens
     * [G][T] padded with 0, pooledRows [G].
     */
    private record Group(int[] members, int rows, int[] tokens, int[] pooledRows, List<TransformerBlock.Trace> blocks) {
    }

    private final ClipConfig.Text config;
    private final TextEncoder encoder;
    private final TowerTraining training;
    private final List<BlockStack> stacks;   // one per group slot, so that each keeps its traces while its shape stays

    public TextTowerTrainer(ClipConfig.Text config, TextWeights weights, int projectionDim, TowerTraining training) {
        this.config = config;
        this.encoder = new TextEncoder(config, weights, projectionDim);
        this.training = training;
        List<BlockStack> slots = new ArrayList<>(LengthBuckets.MAX_GROUPS);
        for (int g = 0; g < LengthBuckets.MAX_GROUPS; g++) {
            slots.add(new BlockStack(encoder.blocks(), training));
        }
        this.stacks = List.copyOf(slots);
    }

    public Pass forward(Parallel parallel, List<int[]> sequences) {
        int batch = sequences.size();
        int d = config.width();
        int[] pooled = new int[batch];
        for (int b = 0; b < batch; b++) {
            pooled[b] = encoder.pooledRow(sequences.get(b));
        }
        // without a causal mask every row sees the padding, so a bidirectional tower runs as one group
        List<int[]> memberships = config.causal() ? LengthBuckets.of(pooled)
                : List.of(IntStream.range(0, batch).toArray());
        List<Group> groups = new ArrayList<>(memberships.size());
        float[] pooledStates = new float[batch * d];
        TokenEmbedding embedding = encoder.embedding();
        for (int g = 0; g < memberships.size(); g++) {
            int[] members = memberships.get(g);
            List<int[]> groupSequences = new ArrayList<>(members.length);
            int[] groupPooled = new int[members.length];
            int rows = 0;
            for (int k = 0; k < members.length; k++) {
                groupSequences.add(sequences.get(members[k]));
                groupPooled[k] = pooled[members[k]];
                rows = Math.max(rows, groupPooled[k] + 1);
            }
            int[] tokens = embedding.tokens(groupSequences, rows);
            float[] x = embedding.forward(tokens, rows);
            List<TransformerBlock.Trace> traces = stacks.get(g).forward(parallel, x, members.length, rows);
            float[] states = Pooling.select(x, rows, d, groupPooled);
            for (int k = 0; k < members.length; k++) {
                System.arraycopy(states, k * d, pooledStates, members[k] * d, d);
            }
            groups.add(new Group(members, rows, tokens, groupPooled, traces));
        }
        return new Pass(groups, batch, encoder.head().forward(parallel, pooledStates, batch));
    }

    /** Accumulates into {@code gradients} the gradient of a loss whose gradient by the embeddings is dEmbeddings [B][P]. */
    public void backward(Parallel parallel, Pass pass, float[] dEmbeddings, TextWeights gradients) {
        if (!training.trainsAnything()) {
            return;
        }
        int d = config.width();
        boolean below = stacks.get(0).needsBackward() || training.embeddings();
        float[] dPooled = below ? new float[pass.batch() * d] : null;
        boolean headTrains = training.head();
        encoder.head().backward(parallel, pass.head, dEmbeddings, dPooled, headTrains ? gradients.finalNormGain() : null,
                headTrains ? gradients.finalNormBias() : null, headTrains ? gradients.projection() : null,
                headTrains ? gradients.projectionBias() : null);
        if (!below) {
            return;
        }
        for (int g = 0; g < pass.groups.size(); g++) {
            Group group = pass.groups.get(g);
            float[] dGroupPooled = new float[group.members().length * d];
            for (int k = 0; k < group.members().length; k++) {
                System.arraycopy(dPooled, group.members()[k] * d, dGroupPooled, k * d, d);
            }
            float[] dX = Pooling.scatter(dGroupPooled, group.rows(), d, group.pooledRows());
            stacks.get(g).backward(parallel, group.blocks(), dX, gradients.blocks());
            if (training.embeddings()) {
                encoder.embedding().backward(group.tokens(), group.rows(), dX, gradients.tokenEmbedding(),
                        gradients.positionEmbedding());
            }
        }
    }
}
