package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.model.TextEncoder;
import dev.duet.model.TextWeights;
import dev.duet.model.layer.Pooling;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.TokenEmbedding;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The text tower's training forward (keeping what its gradient needs) and backward, composed
 * of the tower's own layers ({@link TextEncoder}): token embedding, causal blocks, pooling at
 * the EOS row, head. A batch is padded with id 0 to T = 1 + the largest pooled row; by the
 * causal mask, rows after a sequence's pooled row never reach it, so padding changes neither
 * embeddings nor gradients.
 */
public final class TextTowerTrainer {

    /** The forward of one batch; its buffers stay valid until the next forward. */
    public static final class Pass {
        private final int rows;
        private final int[] tokens;        // [B][T], padded with 0
        private final int[] pooledRows;    // [B]
        private final List<TransformerBlock.Trace> blocks;
        private final ProjectionHead.Trace head;

        private Pass(int rows, int[] tokens, int[] pooledRows, List<TransformerBlock.Trace> blocks,
                     ProjectionHead.Trace head) {
            this.rows = rows;
            this.tokens = tokens;
            this.pooledRows = pooledRows;
            this.blocks = blocks;
            this.head = head;
        }

        public int batch() {
            return pooledRows.length;
        }

        /** Unnormalised embeddings [B][P]. */
        public float[] embeddings() {
            return head.embeddings();
        }
    }

    private final ClipConfig.Text config;
    private final TextEncoder encoder;
    private final TowerTraining training;
    private final BlockStack stack;

    public TextTowerTrainer(ClipConfig.Text config, TextWeights weights, int projectionDim, TowerTraining training) {
        this.config = config;
        this.encoder = new TextEncoder(config, weights, projectionDim);
        this.training = training;
        this.stack = new BlockStack(encoder.blocks(), training);
    }

    public Pass forward(Parallel parallel, List<int[]> sequences) {
        int batch = sequences.size();
        int[] pooled = new int[batch];
        int rows = 0;
        for (int b = 0; b < batch; b++) {
            pooled[b] = encoder.pooledRow(sequences.get(b));
            rows = Math.max(rows, pooled[b] + 1);
        }
        TokenEmbedding embedding = encoder.embedding();
        int[] tokens = embedding.tokens(sequences, rows);
        float[] x = embedding.forward(tokens, rows);
        List<TransformerBlock.Trace> traces = stack.forward(parallel, x, batch, rows);
        float[] pooledStates = Pooling.select(x, rows, config.width(), pooled);
        return new Pass(rows, tokens, pooled, traces, encoder.head().forward(parallel, pooledStates, batch));
    }

    /** Accumulates into {@code gradients} the gradient of a loss whose gradient by the embeddings is dEmbeddings [B][P]. */
    public void backward(Parallel parallel, Pass pass, float[] dEmbeddings, TextWeights gradients) {
        if (!training.trainsAnything()) {
            return;
        }
        int d = config.width();
        boolean below = stack.needsBackward() || training.embeddings();
        float[] dPooled = below ? new float[pass.batch() * d] : null;
        boolean headTrains = training.head();
        encoder.head().backward(parallel, pass.head, dEmbeddings, dPooled, headTrains ? gradients.finalNormGain() : null,
                headTrains ? gradients.finalNormBias() : null, headTrains ? gradients.projection() : null);
        if (!below) {
            return;
        }
        float[] dX = Pooling.scatter(dPooled, pass.rows, d, pass.pooledRows);
        stack.backward(parallel, pass.blocks, dX, gradients.blocks());
        if (training.embeddings()) {
            encoder.embedding().backward(pass.tokens, pass.rows, dX, gradients.tokenEmbedding(),
                    gradients.positionEmbedding());
        }
    }
}
