package dev.duet.explain;

import dev.duet.model.TextEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.model.layer.Pooling;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a tower above the cut at layer l, composed of the tower's own layers: blocks
 * l..L-1, pooling at the input's row, the {@link ProjectionHead}. Maps a hidden state x [T][D]
 * to the raw embedding z [P]; the normalisation is applied by the caller's mode.
 */
final class TowerSlice {

    private final List<TransformerBlock> blocks;
    private final ProjectionHead head;
    private final int rows;
    private final int pooledRow;

    private TowerSlice(List<TransformerBlock> blocks, ProjectionHead head, int rows, int pooledRow) {
        this.blocks = blocks;
        this.head = head;
        this.rows = rows;
        this.pooledRow = pooledRow;
    }

    static TowerSlice text(TextEncoder encoder, int layer, int rows, int pooledRow) {
        return new TowerSlice(encoder.blocks().subList(layer, encoder.blocks().size()), encoder.head(), rows, pooledRow);
    }

    static TowerSlice vision(VisionEncoder encoder, int layer) {
        return new TowerSlice(encoder.blocks().subList(layer, encoder.blocks().size()), encoder.head(),
                encoder.config().rows(), 0);
    }

    int rows() {
        return rows;
    }

    int width() {
        return head.width();
    }

    int projectionDim() {
        return head.projectionDim();
    }

    /** Raw embedding z [P] of hidden state x [T][D]. */
    float[] embedding(Parallel parallel, float[] x) {
        return forward(parallel, x).embedding();
    }

    /** Primal pass through the slice: the traces of every block and of the head. */
    record Primal(List<TransformerBlock.Trace> traces, ProjectionHead.Trace head) {
        float[] embedding() {
            return head.embeddings();
        }
    }

    /** The primal at x [T][D] (not modified); the last block computes only the pooled row. */
    Primal forward(Parallel parallel, float[] x) {
        List<TransformerBlock.Trace> traces = new ArrayList<>(blocks.size());
        float[] state = x.clone();
        for (int b = 0; b < blocks.size(); b++) {
            boolean last = b == blocks.size() - 1;
            TransformerBlock block = blocks.get(b);
            TransformerBlock.Trace trace = last
                    ? block.derivativeTrace(1, rows, pooledRow, 1)
                    : block.derivativeTrace(1, rows, 0, rows);
            block.forward(parallel, state, trace);
            traces.add(trace);
        }
        float[] pooled = Pooling.select(state, rows, width(), new int[] {pooledRow});
        return new Primal(traces, head.forward(Parallel.serial(), pooled, 1));
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
        int width = width();
        int directions = sourceRows.length;
        float[] tangents = new float[directions * projectionDim()];
        int chunk = chunkSize(directions, maxChunkFloats);
        for (int start = 0; start < directions; start += chunk) {
            int count = Math.min(chunk, directions - start);
            float[] rowsOfChunk = Arrays.copyOfRange(directionRows, start * width, (start + count) * width);
            int[] sources = Arrays.copyOfRange(sourceRows, start, start + count);
            float[] pooledTangents = pooledTangents(parallel, primal, rowsOfChunk, sources, count);
            float[] headTangents = head.tangent(parallel, primal.head(), pooledTangents, count);
            System.arraycopy(headTangents, 0, tangents, start * projectionDim(), count * projectionDim());
        }
        return new Jvp(primal.embedding(), tangents);
    }

    /**
     * Vector-Jacobian products at the primal's point: for each cotangent {@code dz[s]} [P] of the
     * raw embedding, the cotangent of the input state [T][D] (reverse mode, the transpose of
     * {@link #jvp}). Returns [S][T][D]; callers chunk S (see {@link #cotangentsPerChunk}).
     */
    float[] cotangents(Parallel parallel, Primal primal, float[] dz, int count) {
        float[] dPooled = head.cotangent(parallel, primal.head(), dz, count);
        if (blocks.isEmpty()) {
            int[] pooled = new int[count];
            Arrays.fill(pooled, pooledRow);
            return Pooling.scatter(dPooled, rows, width(), pooled);
        }
        float[] cotangent = dPooled;
        for (int b = blocks.size() - 1; b >= 0; b--) {
            cotangent = blocks.get(b).cotangent(parallel, primal.traces().get(b), cotangent, count);
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
            tangent = blocks.get(b).tangent(parallel, primal.traces().get(b), tangent, 1);
        }
        // after the last block only the pooled row is left; without blocks, select it
        float[] pooled = blocks.isEmpty() ? Pooling.select(tangent, rows, width(), new int[] {pooledRow}) : tangent;
        return head.tangent(parallel, primal.head(), pooled, 1);
    }

    private int widest() {
        int widest = 3 * width();
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
        int width = width();
        if (blocks.isEmpty()) {
            float[] pooled = new float[count * width];
            for (int s = 0; s < count; s++) {
                if (sourceRows[s] == pooledRow) {
                    System.arraycopy(directionRows, s * width, pooled, s * width, width);
                }
            }
            return pooled;
        }
        float[] tangent = blocks.get(0).tangentFromRows(parallel, primal.traces().get(0), directionRows, sourceRows, count);
        for (int b = 1; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.traces().get(b), tangent, count);
        }
        return tangent;
    }
}
