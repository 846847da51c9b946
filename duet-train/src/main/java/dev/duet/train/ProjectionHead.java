package dev.duet.train;

import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

/**
 * The top of a tower on its B pooled rows: LayerNorm ({@code final_layer_norm} or
 * {@code post_layernorm}) then the bias-free projection, with its gradient rule.
 * Shapes: pooled [B][D], embeddings [B][P], projection [P][D].
 */
final class ProjectionHead {

    /** Saved buffers of one forward. */
    record Trace(int batch,
                 float[] normalized,   // [B][D] xh
                 float[] rstd,         // [B]
                 float[] output,       // [B][D] LayerNorm output, the projection's input
                 float[] embeddings) { // [B][P]
    }

    private final float[] gain;
    private final float[] bias;
    private final float[] projection;
    private final int width;
    private final int projectionDim;
    private final float eps;

    ProjectionHead(float[] gain, float[] bias, float[] projection, int width, int projectionDim, float eps) {
        this.gain = gain;
        this.bias = bias;
        this.projection = projection;
        this.width = width;
        this.projectionDim = projectionDim;
        this.eps = eps;
    }

    Trace forward(Parallel parallel, float[] pooled, int batch) {
        float[] normalized = new float[batch * width];
        float[] rstd = new float[batch];
        float[] output = new float[batch * width];
        LayerNorm.forward(output, pooled, gain, bias, batch, width, eps, normalized, rstd);
        float[] embeddings = new float[batch * projectionDim];
        Linear.forward(parallel, embeddings, output, projection, null, batch, width, projectionDim);
        return new Trace(batch, normalized, rstd, output, embeddings);
    }

    /**
     * From dEmbeddings [B][P]: accumulates the head's parameter gradients (all three null for a
     * frozen head) and writes dPooled [B][D] (skipped when null).
     */
    void backward(Parallel parallel, Trace trace, float[] dEmbeddings, float[] dPooled,
                  float[] dGain, float[] dBias, float[] dProjection) {
        int batch = trace.batch();
        float[] dOutput = new float[batch * width];
        Linear.backward(parallel, dOutput, dProjection, null, dEmbeddings, trace.output(), projection, batch, width,
                projectionDim);
        float[] dInput = dPooled != null ? dPooled : new float[batch * width];
        LayerNorm.backward(dInput, dGain, dBias, dOutput, trace.normalized(), trace.rstd(), gain, batch, width);
    }
}
