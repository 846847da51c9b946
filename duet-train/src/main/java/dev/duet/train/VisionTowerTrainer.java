package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.model.VisionEncoder;
import dev.duet.model.VisionWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The vision tower's training forward and backward, composed of the tower's own layers
 * ({@link VisionEncoder}): patch embedding, blocks, pooling at CLS, head. On request the N
 * patch rows of the final state also go through the head (patch embeddings, as MaskCLIP reads
 * them) and take a gradient of their own. R = 1 + N rows per image, N = grid^2 patches.
 */
public final class VisionTowerTrainer {

    /** The forward of one batch; its buffers stay valid until the next forward. */
    public static final class Pass {
        private final PatchEmbedding.Trace embedding;
        private final List<TransformerBlock.Trace> blocks;
        private final ProjectionHead.Trace head;
        private final ProjectionHead.Trace patchHead;   // over B*N patch rows; null unless asked for

        private Pass(PatchEmbedding.Trace embedding, List<TransformerBlock.Trace> blocks, ProjectionHead.Trace head,
                     ProjectionHead.Trace patchHead) {
            this.embedding = embedding;
            this.blocks = blocks;
            this.head = head;
            this.patchHead = patchHead;
        }

        public int batch() {
            return embedding.batch();
        }

        /** Unnormalised embeddings [B][P]. */
        public float[] embeddings() {
            return head.embeddings();
        }

        /** Unnormalised patch embeddings [B][N][P]; only from a forward asked for them. */
        public float[] patchEmbeddings() {
            if (patchHead == null) {
                throw new IllegalStateException("this forward did not compute patch embeddings");
            }
            return patchHead.embeddings();
        }
    }

    private final ClipConfig.Vision config;
    private final VisionEncoder encoder;
    private final TowerTraining training;
    private final BlockStack stack;

    public VisionTowerTrainer(ClipConfig.Vision config, VisionWeights weights, int projectionDim, TowerTraining training) {
        this.config = config;
        this.encoder = new VisionEncoder(config, weights, projectionDim);
        this.training = training;
        this.stack = new BlockStack(encoder.blocks(), training);
    }

    /**
     * Forward of CHW images [3][S][S] (already normalised); with {@code patchEmbeddings} the patch
     * rows also go through the head (see {@link Pass#patchEmbeddings}).
     */
    public Pass forward(Parallel parallel, List<float[]> images, boolean patchEmbeddings) {
        int batch = images.size();
        int patches = config.gridSize() * config.gridSize();
        int d = config.width();
        int rows = config.rows();
        PatchEmbedding.Trace embedded = encoder.embedding().forward(parallel, images, training.embeddings());
        float[] x = embedded.output();
        // without patch embeddings only the CLS row (row 0) of the top block is read
        List<TransformerBlock.Trace> traces = patchEmbeddings ? stack.forward(parallel, x, batch, rows)
                : stack.forwardToRow(parallel, x, batch, rows, 0);
        float[] clsStates = new float[batch * d];
        float[] patchRows = patchEmbeddings ? new float[batch * patches * d] : null;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * rows * d, clsStates, b * d, d);
            if (patchEmbeddings) {
                System.arraycopy(x, (b * rows + 1) * d, patchRows, b * patches * d, patches * d);
            }
        }
        ProjectionHead head = encoder.head();
        return new Pass(embedded, traces, head.forward(parallel, clsStates, batch),
                patchEmbeddings ? head.forward(parallel, patchRows, batch * patches) : null);
    }

    /**
     * Accumulates into {@code gradients} the gradient of a loss whose gradient by the embeddings
     * is dEmbeddings [B][P] and, when not null, by the patch embeddings dPatchEmbeddings [B][N][P]
     * (the pass must then hold them).
     */
    public void backward(Parallel parallel, Pass pass, float[] dEmbeddings, float[] dPatchEmbeddings,
                         VisionWeights gradients) {
        if (!training.trainsAnything()) {
            return;
        }
        int batch = pass.batch();
        int rows = config.rows();
        int patches = rows - 1;
        int d = config.width();
        boolean below = stack.needsBackward() || training.embeddings();
        boolean headTrains = training.head();
        float[] dGain = headTrains ? gradients.postNormGain() : null;
        float[] dBias = headTrains ? gradients.postNormBias() : null;
        float[] dProjection = headTrains ? gradients.projection() : null;
        float[] dCls = below ? new float[batch * d] : null;
        ProjectionHead head = encoder.head();
        head.backward(parallel, pass.head, dEmbeddings, dCls, dGain, dBias, dProjection, null);
        float[] dPatchRows = null;
        if (dPatchEmbeddings != null) {
            if (pass.patchHead == null) {
                throw new IllegalStateException("a patch-embedding gradient needs a forward with patch embeddings");
            }
            dPatchRows = below ? new float[batch * patches * d] : null;
            head.backward(parallel, pass.patchHead, dPatchEmbeddings, dPatchRows, dGain, dBias, dProjection, null);
        }
        if (!below) {
            return;
        }
        float[] dX = new float[batch * rows * d];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dCls, b * d, dX, b * rows * d, d);
            if (dPatchRows != null) {
                System.arraycopy(dPatchRows, b * patches * d, dX, (b * rows + 1) * d, patches * d);
            }
        }
        stack.backward(parallel, pass.blocks, dX, gradients.blocks());
        if (training.embeddings()) {
            encoder.embedding().backward(parallel, pass.embedding, dX, gradients.patchWeight(),
                    gradients.classEmbedding(), gradients.positionEmbedding(), gradients.preNormGain(),
                    gradients.preNormBias());
        }
    }
}
