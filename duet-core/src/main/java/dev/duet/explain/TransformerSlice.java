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
 * The part of a transformer tower above the cut at layer l, composed of the tower's own layers:
 * blocks l..L-1, pooling at the input's row, the {@link ProjectionHead}. The last block computes
 * only the pooled row; the first carries row-restricted directions on their rows until attention.
 */
final class TransformerSlice implements TowerSlice {

    private final List<TransformerBlock> blocks;
    private final ProjectionHead head;
    private final int rows;
    private final int pooledRow;

    private TransformerSlice(List<TransformerBlock> blocks, ProjectionHead head, int rows, int pooledRow) {
        this.blocks = blocks;
        this.head = head;
        this.rows = rows;
        this.pooledRow = pooledRow;
    }

    static TransformerSlice text(TextEncoder encoder, int layer, int rows, int pooledRow) {
        return new TransformerSlice(encoder.blocks().subList(layer, encoder.blocks().size()), encoder.head(), rows, pooledRow);
    }

    static TransformerSlice vision(VisionEncoder encoder, int layer) {
        return new TransformerSlice(encoder.blocks().subList(layer, encoder.blocks().size()), encoder.head(),
                encoder.config().rows(), 0);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return head.width();
    }

    @Override
    public int projectionDim() {
        return head.projectionDim();
    }

    /** The traces of every block and of the head. */
    private record Traces(List<TransformerBlock.Trace> traces, ProjectionHead.Trace head) implements Primal {
        @Override
        public float[] embedding() {
            return head.embeddings();
        }
    }

    @Override
    public Primal forward(Parallel parallel, float[] x) {
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
        return new Traces(traces, head.forward(Parallel.serial(), pooled, 1));
    }

    @Override
    public Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats) {
        Traces primal = (Traces) forward(parallel, x);
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

    @Override
    public float[] cotangents(Parallel parallel, Primal point, float[] dz, int count) {
        Traces primal = (Traces) point;
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

    @Override
    public int cotangentsPerChunk(int cotangents, int maxChunkFloats) {
        long perCotangent = (long) rows * widest();
        return (int) Math.max(1, Math.min(cotangents, maxChunkFloats / perCotangent));
    }

    @Override
    public float[] denseTangent(Parallel parallel, Primal point, float[] direction) {
        Traces primal = (Traces) point;
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
    private float[] pooledTangents(Parallel parallel, Traces primal, float[] directionRows, int[] sourceRows, int count) {
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
