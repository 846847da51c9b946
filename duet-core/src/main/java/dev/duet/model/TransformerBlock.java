package dev.duet.model;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Attention;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

/**
 * The pre-LN block both towers share: {@code x += out(Attn(qkv(LN1(x))))}, {@code x += fc2(act(fc1(LN2(x))))}.
 * Shapes: x [B][T][D] (updated in place), I = intermediate width.
 */
public record TransformerBlock(BlockWeights weights, int width, int intermediate, int heads,
                               boolean causal, Activation activation, float eps) {

    /** Runs the block on {@code batch} sequences of {@code rows} rows each. */
    public void forward(Parallel parallel, float[] x, int batch, int rows) {
        int n = batch * rows;
        int d = width;
        float[] normalized = new float[n * d];
        LayerNorm.forward(normalized, x, weights.norm1Gain(), weights.norm1Bias(), n, d, eps, null, null);
        float[] qkv = new float[n * 3 * d];
        Linear.forward(parallel, qkv, normalized, weights.qkvWeight(), weights.qkvBias(), n, d, 3 * d);
        Attention.Shape shape = Attention.Shape.full(rows, d, heads, causal);
        float[] probs = new float[batch * heads * rows * rows];
        float[] attended = normalized;
        Attention.forward(parallel, attended, probs, qkv, shape, batch);
        float[] projected = new float[n * d];
        Linear.forward(parallel, projected, attended, weights.outWeight(), weights.outBias(), n, d, d);
        add(x, projected, n * d);
        LayerNorm.forward(normalized, x, weights.norm2Gain(), weights.norm2Bias(), n, d, eps, null, null);
        float[] hidden = new float[n * intermediate];
        Linear.forward(parallel, hidden, normalized, weights.fc1Weight(), weights.fc1Bias(), n, d, intermediate);
        activation.forward(hidden, hidden, 0, hidden.length);
        Linear.forward(parallel, projected, hidden, weights.fc2Weight(), weights.fc2Bias(), n, intermediate, d);
        add(x, projected, n * d);
    }

    static void add(float[] target, float[] addend, int length) {
        for (int i = 0; i < length; i++) {
            target[i] += addend[i];
        }
    }
}
