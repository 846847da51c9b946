package dev.duet.explain;

import dev.duet.model.TextEncoder;
import dev.duet.model.TransformerBlock;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a tower above the cut at layer l: blocks l..L-1, then the head (LayerNorm of the
 * pooled row, projection). Maps a hidden state x [T][D] to the raw embedding z [P]; the
 * normalisation is applied by the caller's mode. Pooling always uses the input's row.
 */
final class TowerSlice {

    private final List<TransformerBlock> blocks;
    private final int width;
    private final int projectionDim;
    private final float[] headGain;
    private final float[] headBias;
    private final float eps;
    private final float[] projection;
    private final int rows;
    private final int pooledRow;

    private TowerSlice(List<TransformerBlock> blocks, int width, int projectionDim, float[] headGain, float[] headBias,
                       float eps, float[] projection, int rows, int pooledRow) {
        this.blocks = blocks;
        this.width = width;
        this.projectionDim = projectionDim;
        this.headGain = headGain;
        this.headBias = headBias;
        this.eps = eps;
        this.projection = projection;
        this.rows = rows;
        this.pooledRow = pooledRow;
    }

    static TowerSlice text(TextEncoder encoder, int layer, int rows, int pooledRow) {
        return new TowerSlice(encoder.blocks().subList(layer, encoder.blocks().size()), encoder.config().width(),
                encoder.projectionDim(), encoder.weights().finalNormGain(), encoder.weights().finalNormBias(),
                encoder.config().layerNormEps(), encoder.weights().projection(), rows, pooledRow);
    }

    static TowerSlice vision(VisionEncoder encoder, int layer) {
        return new TowerSlice(encoder.blocks().subList(layer, encoder.blocks().size()), encoder.config().width(),
                encoder.projectionDim(), encoder.weights().postNormGain(), encoder.weights().postNormBias(),
                encoder.config().layerNormEps(), encoder.weights().projection(), encoder.config().rows(), 0);
    }

    int rows() {
        return rows;
    }

    int width() {
        return width;
    }

    int projectionDim() {
        return projectionDim;
    }

    /** Raw embedding z [P] of hidden state x [T][D]. */
    float[] embedding(Parallel parallel, float[] x) {
        return forward(parallel, x).embedding;
    }

    /** Primal pass through the slice: the traces of every block and the head's saved values. */
    record Primal(List<TransformerBlock.Trace> traces, float[] pooled, float[] normalized, float rstd,
                          float[] embedding) {
    }

    Primal forward(Parallel parallel, float[] x) {
        List<TransformerBlock.Trace> traces = new ArrayList<>(blocks.size());
        float[] state = x;
        for (int b = 0; b < blocks.size(); b++) {
            boolean last = b == blocks.size() - 1;
            TransformerBlock.Trace trace = last
                    ? blocks.get(b).forwardTraced(parallel, state, rows, pooledRow, 1)
                    : blocks.get(b).forwardTraced(parallel, state, rows, 0, rows);
            traces.add(trace);
            state = trace.output();
        }
        float[] pooled = new float[width];
        System.arraycopy(state, (blocks.isEmpty() ? pooledRow : 0) * width, pooled, 0, width);
        float[] normalized = new float[width];
        float[] rstd = new float[1];
        float[] headOut = new float[width];
        LayerNorm.forward(headOut, pooled, headGain, headBias, 1, width, eps, normalized, rstd);
        float[] embedding = new float[projectionDim];
        Linear.forward(Parallel.serial(), embedding, headOut, projection, null, 1, width, projectionDim);
        return new Primal(traces, pooled, normalized, rstd[0], embedding);
    }

    /** A path point's raw embedding and the JVPs of the raw embedding in row-restricted directions. */
    record Jvp(float[] embedding, float[] tangents) {   // [P], [S][P]
    }

    /**
     * Jacobian-vector products at x [T][D] for directions that each start on one row:
     * direction s is {@code directionRows[s]} [D] on row {@code sourceRows[s]}, zero elsewhere.
     * Directions are processed in chunks so that no buffer exceeds {@code maxChunkFloats}.
     */
    Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats) {
        Primal primal = forward(parallel, x);
        int directions = sourceRows.length;
        float[] tangents = new float[directions * projectionDim];
        int chunk = chunkSize(directions, maxChunkFloats);
        for (int start = 0; start < directions; start += chunk) {
            int count = Math.min(chunk, directions - start);
            float[] rowsOfChunk = new float[count * width];
            System.arraycopy(directionRows, start * width, rowsOfChunk, 0, count * width);
            int[] sources = java.util.Arrays.copyOfRange(sourceRows, start, start + count);
            float[] pooledTangents = pooledTangents(parallel, primal, rowsOfChunk, sources, count);
            float[] headTangents = headTangents(parallel, primal, pooledTangents, count);
            System.arraycopy(headTangents, 0, tangents, start * projectionDim, count * projectionDim);
        }
        return new Jvp(primal.embedding, tangents);
    }

    /**
     * Vector-Jacobian products at the primal's point: for each cotangent {@code dz[s]} [P] of the
     * raw embedding, the cotangent of the input state [T][D] (reverse mode, the transpose of
     * {@link #jvp}). Returns [S][T][D]; callers chunk S (see {@link #cotangentsPerChunk}).
     */
    float[] cotangents(Parallel parallel, Primal primal, float[] dz, int count) {
        float[] dHead = new float[count * width];
        Linear.backward(parallel, dHead, null, null, dz, null, projection, count, width, projectionDim);
        float[] dPooled = new float[count * width];
        LayerNorm.cotangent(parallel, dPooled, dHead, primal.normalized, new float[] {primal.rstd}, headGain, 1, width,
                count);
        if (blocks.isEmpty()) {
            float[] dX = new float[count * rows * width];
            for (int s = 0; s < count; s++) {
                System.arraycopy(dPooled, s * width, dX, (s * rows + pooledRow) * width, width);
            }
            return dX;
        }
        float[] cotangent = dPooled;
        for (int b = blocks.size() - 1; b >= 0; b--) {
            cotangent = blocks.get(b).cotangent(parallel, primal.traces.get(b), cotangent, count);
        }
        return cotangent;
    }

    /** Cotangents per call of {@link #cotangents} that keep every buffer within {@code maxChunkFloats}. */
    int cotangentsPerChunk(int cotangents, int maxChunkFloats) {
        long perCotangent = (long) rows * widest();
        return (int) Math.max(1, Math.min(cotangents, maxChunkFloats / perCotangent));
    }

    /** The JVP of the raw embedding [P] at the primal's point in one dense direction [T][D]. */
    float[] denseTangent(Parallel parallel, Primal primal, float[] direction) {
        float[] tangent = direction;
        for (int b = 0; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.traces.get(b), tangent, 1);
        }
        float[] pooled = new float[width];
        System.arraycopy(tangent, (blocks.isEmpty() ? pooledRow : 0) * width, pooled, 0, width);
        return headTangents(parallel, primal, pooled, 1);
    }

    private int widest() {
        int widest = 3 * width;
        for (TransformerBlock block : blocks) {
            widest = Math.max(widest, block.intermediate());
        }
        return widest;
    }

    private int chunkSize(int directions, int maxChunkFloats) {
        long perDirection = (long) (blocks.size() > 1 ? rows : 1) * widest();
        return (int) Math.max(1, Math.min(directions, maxChunkFloats / perDirection));
    }

    /** Tangents of the pooled row [S][D] before the head. */
    private float[] pooledTangents(Parallel parallel, Primal primal, float[] directionRows, int[] sourceRows, int count) {
        if (blocks.isEmpty()) {
            float[] pooled = new float[count * width];
            for (int s = 0; s < count; s++) {
                if (sourceRows[s] == pooledRow) {
                    System.arraycopy(directionRows, s * width, pooled, s * width, width);
                }
            }
            return pooled;
        }
        float[] tangent = blocks.get(0).tangentFromRows(parallel, primal.traces.get(0), directionRows, sourceRows, count);
        for (int b = 1; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.traces.get(b), tangent, count);
        }
        return tangent;
    }

    private float[] headTangents(Parallel parallel, Primal primal, float[] pooledTangents, int count) {
        float[] normalizedTangents = new float[count * width];
        for (int s = 0; s < count; s++) {
            LayerNorm.tangentRow(normalizedTangents, s * width, pooledTangents, s * width, primal.normalized, 0,
                    primal.rstd, headGain, width);
        }
        float[] tangents = new float[count * projectionDim];
        Linear.tangent(parallel, tangents, normalizedTangents, projection, count, width, projectionDim);
        return tangents;
    }
}
