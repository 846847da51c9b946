package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.model.ClipConfig;
import dev.duet.model.TextEncoder;
import dev.duet.model.TextWeights;
import dev.duet.model.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The text tower's training forward (keeping what its gradient needs) and backward:
 * token + position embeddings, causal blocks, final LayerNorm of the pooled row, projection.
 * A batch is padded with id 0 to T = 1 + the largest pooled row; by the causal mask, rows after
 * a sequence's pooled row never reach it, so padding changes neither embeddings nor gradients.
 */
public final class TextTowerTrainer {

    /** The forward of one batch; its buffers stay valid until the next forward. */
    public static final class Pass {
        private final int batch;
        private final int rows;
        private final int[] tokens;        // [B][T], padded with 0
        private final int[] pooledRows;    // [B]
        private final List<TransformerBlock.BatchTrace> blocks;
        private final ProjectionHead.Trace head;

        private Pass(int batch, int rows, int[] tokens, int[] pooledRows, List<TransformerBlock.BatchTrace> blocks,
                     ProjectionHead.Trace head) {
            this.batch = batch;
            this.rows = rows;
            this.tokens = tokens;
            this.pooledRows = pooledRows;
            this.blocks = blocks;
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

    private final ClipConfig.Text config;
    private final TextWeights weights;
    private final TextEncoder encoder;
    private final TowerTraining training;
    private final BlockStack stack;
    private final ProjectionHead head;

    public TextTowerTrainer(ClipConfig.Text config, TextWeights weights, int projectionDim, TowerTraining training) {
        this.config = config;
        this.weights = weights;
        this.encoder = new TextEncoder(config, weights, projectionDim);
        this.training = training;
        this.stack = new BlockStack(encoder.blocks(), training);
        this.head = new ProjectionHead(weights.finalNormGain(), weights.finalNormBias(), weights.projection(),
                config.width(), projectionDim, config.layerNormEps());
    }

    public Pass forward(Parallel parallel, List<int[]> sequences) {
        int batch = sequences.size();
        int[] pooled = new int[batch];
        int rows = 0;
        for (int b = 0; b < batch; b++) {
            pooled[b] = encoder.pooledRow(sequences.get(b));
            rows = Math.max(rows, pooled[b] + 1);
        }
        if (rows > config.contextLength()) {
            throw new BadInputException(null, "a caption of " + rows + " tokens exceeds the model's context of "
                    + config.contextLength());
        }
        int d = config.width();
        int[] tokens = new int[batch * rows];
        float[] x = new float[batch * rows * d];
        float[] table = weights.tokenEmbedding();
        float[] positions = weights.positionEmbedding();
        for (int b = 0; b < batch; b++) {
            int[] ids = sequences.get(b);
            for (int r = 0; r < rows; r++) {
                int id = r < ids.length ? ids[r] : 0;
                if (id < 0 || id >= config.vocabSize()) {
                    throw new BadInputException(null, "token id " + id + " is outside the model's vocabulary of "
                            + config.vocabSize());
                }
                tokens[b * rows + r] = id;
                int base = (b * rows + r) * d;
                for (int i = 0; i < d; i++) {
                    x[base + i] = table[id * d + i] + positions[r * d + i];
                }
            }
        }
        List<TransformerBlock.BatchTrace> traces = stack.forward(parallel, x, batch, rows);
        float[] pooledStates = new float[batch * d];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, (b * rows + pooled[b]) * d, pooledStates, b * d, d);
        }
        return new Pass(batch, rows, tokens, pooled, traces, head.forward(parallel, pooledStates, batch));
    }

    /** Accumulates into {@code gradients} the gradient of a loss whose gradient by the embeddings is dEmbeddings [B][P]. */
    public void backward(Parallel parallel, Pass pass, float[] dEmbeddings, TextWeights gradients) {
        if (!training.trainsAnything()) {
            return;
        }
        int batch = pass.batch;
        int rows = pass.rows;
        int d = config.width();
        boolean below = stack.needsBackward() || training.embeddings();
        float[] dPooled = below ? new float[batch * d] : null;
        boolean headTrains = training.head();
        head.backward(parallel, pass.head, dEmbeddings, dPooled, headTrains ? gradients.finalNormGain() : null,
                headTrains ? gradients.finalNormBias() : null, headTrains ? gradients.projection() : null);
        if (!below) {
            return;
        }
        float[] dX = new float[batch * rows * d];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dPooled, b * d, dX, (b * rows + pass.pooledRows[b]) * d, d);
        }
        stack.backward(parallel, pass.blocks, dX, gradients.blocks());
        if (!training.embeddings()) {
            return;
        }
        float[] dTable = gradients.tokenEmbedding();
        float[] dPositions = gradients.positionEmbedding();
        for (int b = 0; b < batch; b++) {
            for (int r = 0; r < rows; r++) {
                int id = pass.tokens[b * rows + r];
                int base = (b * rows + r) * d;
                for (int i = 0; i < d; i++) {
                    dTable[id * d + i] += dX[base + i];
                    dPositions[r * d + i] += dX[base + i];
                }
            }
        }
    }
}
