package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.model.ClipConfig;
import dev.duet.model.TransformerBlock;
import dev.duet.model.VisionEncoder;
import dev.duet.model.VisionWeights;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The vision tower's training forward and backward: the stride-p patch convolution as one
 * product of the unfolded patches [B*N][3*p*p] with the kernel, CLS and positions,
 * {@code pre_layrnorm}, blocks, {@code post_layernorm} of CLS, projection. On request the N
 * patch rows of the final state also go through {@code post_layernorm} and the projection
 * (patch embeddings, as MaskCLIP reads them) and take a gradient of their own.
 * R = 1 + N rows per image, N = grid^2 patches.
 */
public final class VisionTowerTrainer {

    /** The forward of one batch; its buffers stay valid until the next forward. */
    public static final class Pass {
        private final int batch;
        private final float[] unfolded;        // [B*N][3*p*p], null when the embeddings are frozen
        private final float[] preNormalized;   // [B][R][D] xh of pre_layrnorm
        private final float[] preRstd;         // [B*R]
        private final List<TransformerBlock.BatchTrace> blocks;
        private final ProjectionHead.Trace head;
        private final ProjectionHead.Trace patchHead;   // over B*N patch rows; null unless asked for

        private Pass(int batch, float[] unfolded, float[] preNormalized, float[] preRstd,
                     List<TransformerBlock.BatchTrace> blocks, ProjectionHead.Trace head, ProjectionHead.Trace patchHead) {
            this.batch = batch;
            this.unfolded = unfolded;
            this.preNormalized = preNormalized;
            this.preRstd = preRstd;
            this.blocks = blocks;
            this.head = head;
            this.patchHead = patchHead;
        }

        public int batch() {
            return batch;
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
    private final VisionWeights weights;
    private final TowerTraining training;
    private final BlockStack stack;
    private final ProjectionHead head;

    public VisionTowerTrainer(ClipConfig.Vision config, VisionWeights weights, int projectionDim, TowerTraining training) {
        this.config = config;
        this.weights = weights;
        this.training = training;
        this.stack = new BlockStack(new VisionEncoder(config, weights, projectionDim).blocks(), training);
        this.head = new ProjectionHead(weights.postNormGain(), weights.postNormBias(), weights.projection(),
                config.width(), projectionDim, config.layerNormEps());
    }

    /**
     * Forward of CHW images [3][S][S] (already normalised); with {@code patchEmbeddings} the patch
     * rows also go through the head (see {@link Pass#patchEmbeddings}).
     */
    public Pass forward(Parallel parallel, List<float[]> images, boolean patchEmbeddings) {
        int batch = images.size();
        int patches = config.gridSize() * config.gridSize();
        int kernel = 3 * config.patchSize() * config.patchSize();
        int d = config.width();
        int rows = config.rows();
        float[] unfolded = unfold(images);
        float[] patchStates = new float[batch * patches * d];
        Linear.forward(parallel, patchStates, unfolded, weights.patchWeight(), null, batch * patches, kernel, d);
        float[] x = new float[batch * rows * d];
        float[] positions = weights.positionEmbedding();
        float[] cls = weights.classEmbedding();
        for (int b = 0; b < batch; b++) {
            int base = b * rows * d;
            for (int i = 0; i < d; i++) {
                x[base + i] = cls[i] + positions[i];
            }
            for (int r = 1; r < rows; r++) {
                int from = (b * patches + r - 1) * d;
                for (int i = 0; i < d; i++) {
                    x[base + r * d + i] = patchStates[from + i] + positions[r * d + i];
                }
            }
        }
        boolean embeddings = training.embeddings();
        float[] preNormalized = embeddings ? new float[x.length] : null;
        float[] preRstd = embeddings ? new float[batch * rows] : null;
        LayerNorm.forward(x, x, weights.preNormGain(), weights.preNormBias(), batch * rows, d, config.layerNormEps(),
                preNormalized, preRstd);
        List<TransformerBlock.BatchTrace> traces = stack.forward(parallel, x, batch, rows);
        float[] clsStates = new float[batch * d];
        float[] patchRows = patchEmbeddings ? new float[batch * patches * d] : null;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * rows * d, clsStates, b * d, d);
            if (patchEmbeddings) {
                System.arraycopy(x, (b * rows + 1) * d, patchRows, b * patches * d, patches * d);
            }
        }
        return new Pass(batch, embeddings ? unfolded : null, preNormalized, preRstd, traces,
                head.forward(parallel, clsStates, batch),
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
        int batch = pass.batch;
        int rows = config.rows();
        int patches = rows - 1;
        int d = config.width();
        boolean below = stack.needsBackward() || training.embeddings();
        boolean headTrains = training.head();
        float[] dGain = headTrains ? gradients.postNormGain() : null;
        float[] dBias = headTrains ? gradients.postNormBias() : null;
        float[] dProjection = headTrains ? gradients.projection() : null;
        float[] dCls = below ? new float[batch * d] : null;
        head.backward(parallel, pass.head, dEmbeddings, dCls, dGain, dBias, dProjection);
        float[] dPatchRows = null;
        if (dPatchEmbeddings != null) {
            if (pass.patchHead == null) {
                throw new IllegalStateException("a patch-embedding gradient needs a forward with patch embeddings");
            }
            dPatchRows = below ? new float[batch * patches * d] : null;
            head.backward(parallel, pass.patchHead, dPatchEmbeddings, dPatchRows, dGain, dBias, dProjection);
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
        if (!training.embeddings()) {
            return;
        }
        float[] dEmbedded = new float[dX.length];
        LayerNorm.backward(dEmbedded, gradients.preNormGain(), gradients.preNormBias(), dX, pass.preNormalized,
                pass.preRstd, weights.preNormGain(), batch * rows, d);
        float[] dPatchStates = new float[batch * patches * d];
        float[] dClass = gradients.classEmbedding();
        float[] dPositions = gradients.positionEmbedding();
        for (int b = 0; b < batch; b++) {
            int base = b * rows * d;
            for (int i = 0; i < d; i++) {
                dClass[i] += dEmbedded[base + i];
            }
            for (int i = 0; i < rows * d; i++) {
                dPositions[i] += dEmbedded[base + i];
            }
            System.arraycopy(dEmbedded, base + d, dPatchStates, b * patches * d, patches * d);
        }
        int kernel = 3 * config.patchSize() * config.patchSize();
        Linear.backward(parallel, null, gradients.patchWeight(), null, dPatchStates, pass.unfolded, weights.patchWeight(),
                batch * patches, kernel, d);
    }

    /** [B][N][3*p*p]: each patch flattened channel-major, as the convolution kernel is. */
    private float[] unfold(List<float[]> images) {
        int batch = images.size();
        int p = config.patchSize();
        int grid = config.gridSize();
        int size = config.imageSize();
        int patches = grid * grid;
        int kernel = 3 * p * p;
        float[] unfolded = new float[batch * patches * kernel];
        for (int b = 0; b < batch; b++) {
            float[] image = images.get(b);
            if (image.length != 3 * size * size) {
                throw new BadInputException(null, "image tensor has " + image.length + " values, the model expects 3x"
                        + size + "x" + size);
            }
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++) {
                    int base = (b * patches + gy * grid + gx) * kernel;
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < p; y++) {
                            System.arraycopy(image, (c * size + gy * p + y) * size + gx * p, unfolded,
                                    base + (c * p + y) * p, p);
                        }
                    }
                }
            }
        }
        return unfolded;
    }
}
