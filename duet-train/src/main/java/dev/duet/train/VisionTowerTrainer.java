/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.VisionEncoder;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProbePooling;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.Readout;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The vision tower's training forward and backward, composed of the tower's own layers
 * ({@link VisionEncoder}): patch embedding, blocks, then its {@link Readout}: CLIP's CLS row
 * through the projection head (only that row of the top block is computed), or SigLIP's probe
 * pooling over every row. On request (CLIP only) the N patch rows of the final state also go
 * through the head (patch embeddings, as MaskCLIP reads them) and take a gradient of their own.
 * R rows per image: 1 + N with a class row (CLIP), N without (SigLIP), N = grid^2 patches.
 */
public final class VisionTowerTrainer {

    /** The forward of one batch; its buffers stay valid until the next forward. */
    public static final class Pass {
        private final PatchEmbedding.Trace embedding;
        private final List<TransformerBlock.Trace> blocks;
        private final ProjectionHead.Trace head;          // CLIP's readout, else null
        private final ProbePooling.Trace probe;           // SigLIP's readout, else null
        private final ProjectionHead.Trace patchHead;     // over B*N patch rows; null unless asked for

        private Pass(PatchEmbedding.Trace embedding, List<TransformerBlock.Trace> blocks, ProjectionHead.Trace head,
                     ProbePooling.Trace probe, ProjectionHead.Trace patchHead) {
            this.embedding = embedding;
            this.blocks = blocks;
            this.head = head;
            this.probe = probe;
            this.patchHead = patchHead;
        }

        public int batch() {
            return embedding.batch();
        }

        /** Unnormalised embeddings [B][P]. */
        public float[] embeddings() {
            return head != null ? head.embeddings() : probe.embeddings();
        }

        /** Unnormalised patch embeddings [B][N][P]; only from a forward asked for them. */
        public float[] patchEmbeddings() {
            if (patchHead == null) {
                throw new IllegalStateException("this forward did not compute patch embeddings");
            }
            return patchHead.embeddings();
        }
    }

    private final VisionEncoder encoder;
    private final TowerTraining training;
    private final BlockStack stack;

    /** Trains {@code encoder}'s arrays in place: the encoder must share them with the parameters. */
    public VisionTowerTrainer(VisionEncoder encoder, TowerTraining training) {
        this.encoder = encoder;
        this.training = training;
        this.stack = new BlockStack(encoder.blocks(), training);
    }

    /** Whether the tower reads out through a projection head that patch rows can go through too (CLIP's). */
    public boolean hasPatchEmbeddings() {
        return encoder.readout() instanceof Readout.PooledProjection;
    }

    /**
     * Forward of CHW images [3][S][S] (already normalised); with {@code patchEmbeddings} the patch
     * rows also go through the head (see {@link Pass#patchEmbeddings}).
     */
    public Pass forward(Parallel parallel, List<float[]> images, boolean patchEmbeddings) {
        if (patchEmbeddings && !hasPatchEmbeddings()) {
            throw new IllegalArgumentException("a tower read out by " + encoder.readout().getClass().getSimpleName()
                    + " has no patch embeddings");
        }
        int batch = images.size();
        int d = encoder.config().width();
        int rows = encoder.rows();
        PatchEmbedding.Trace embedded = encoder.embedding().forward(parallel, images, training.embeddings());
        float[] x = embedded.output();
        return switch (encoder.readout()) {
            case Readout.PooledProjection(ProjectionHead head, int pooledRow) -> {
                // without patch embeddings only the CLS row of the top block is read
                List<TransformerBlock.Trace> traces = patchEmbeddings ? stack.forward(parallel, x, batch, rows)
                        : stack.forwardToRow(parallel, x, batch, rows, pooledRow);
                int patches = rows - 1;
                float[] clsStates = new float[batch * d];
                float[] patchRows = patchEmbeddings ? new float[batch * patches * d] : null;
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(x, (b * rows + pooledRow) * d, clsStates, b * d, d);
                    if (patchEmbeddings) {
                        System.arraycopy(x, (b * rows + 1) * d, patchRows, b * patches * d, patches * d);
                    }
                }
                yield new Pass(embedded, traces, head.forward(parallel, clsStates, batch), null,
                        patchEmbeddings ? head.forward(parallel, patchRows, batch * patches) : null);
            }
            case Readout.ProbeReadout(ProbePooling probe) -> {
                List<TransformerBlock.Trace> traces = stack.forward(parallel, x, batch, rows);
                yield new Pass(embedded, traces, null, probe.forward(parallel, x, batch, rows), null);
            }
        };
    }

    /**
     * Accumulates into the arrays of {@code gradients}, a tower of this one's layers and shapes, the gradient of a
     * loss whose gradient by the embeddings is dEmbeddings [B][P] and, when not null, by the patch embeddings
     * dPatchEmbeddings [B][N][P] (the pass must then hold them).
     */
    public void backward(Parallel parallel, Pass pass, float[] dEmbeddings, float[] dPatchEmbeddings,
                         VisionEncoder gradients) {
        if (!training.trainsAnything()) {
            return;
        }
        int batch = pass.batch();
        int rows = encoder.rows();
        int d = encoder.config().width();
        boolean below = stack.needsBackward() || training.embeddings();
        boolean headTrains = training.head();
        float[] dX = switch (encoder.readout()) {
            case Readout.PooledProjection(ProjectionHead head, int pooledRow) -> {
                int patches = rows - 1;
                ProjectionHead dHead = gradients.head();
                float[] dGain = headTrains ? dHead.gain() : null;
                float[] dBias = headTrains ? dHead.bias() : null;
                float[] dProjection = headTrains ? dHead.projection() : null;
                float[] dCls = below ? new float[batch * d] : null;
                head.backward(parallel, pass.head, dEmbeddings, dCls, dGain, dBias, dProjection, null);
                float[] dPatchRows = null;
                if (dPatchEmbeddings != null) {
                    if (pass.patchHead == null) {
                        throw new IllegalStateException("a patch-embedding gradient needs a forward with patch embeddings");
                    }
                    dPatchRows = below ? new float[batch * patches * d] : null;
                    head.backward(parallel, pass.patchHead, dPatchEmbeddings, dPatchRows, dGain, dBias, dProjection,
                            null);
                }
                if (!below) {
                    yield null;
                }
                float[] rowsGradient = new float[batch * rows * d];
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(dCls, b * d, rowsGradient, (b * rows + pooledRow) * d, d);
                    if (dPatchRows != null) {
                        System.arraycopy(dPatchRows, b * patches * d, rowsGradient, (b * rows + 1) * d, patches * d);
                    }
                }
                yield rowsGradient;
            }
            case Readout.ProbeReadout(ProbePooling probe) ->
                    probe.backward(parallel, pass.probe, dEmbeddings,
                            headTrains ? ((Readout.ProbeReadout) gradients.readout()).head() : null);
        };
        if (!below) {
            return;
        }
        stack.backward(parallel, pass.blocks, dX, gradients.blocks().stream().map(TransformerBlock::weights).toList());
        if (training.embeddings()) {
            encoder.embedding().backward(parallel, pass.embedding, dX, gradients.embedding());
        }
    }
}
