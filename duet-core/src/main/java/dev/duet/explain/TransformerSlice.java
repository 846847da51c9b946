/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.layer.Readout;
import dev.duet.model.TextEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The part of a transformer tower above the cut at layer l, composed of the tower's own layers:
 * blocks l..L-1, then its {@link Readout} (CLIP: one pooled row through the projection head;
 * SigLIP's image tower: every row through the probe pooling). The last block computes only the
 * rows the readout reads; the first carries row-restricted directions on their rows until
 * attention.
 */
final class TransformerSlice implements TowerSlice {

    private final List<TransformerBlock> blocks;
    private final Readout readout;
    private final int rows;

    private TransformerSlice(List<TransformerBlock> blocks, Readout readout, int rows) {
        this.blocks = blocks;
        this.readout = readout;
        this.rows = rows;
    }

    static TransformerSlice text(TextEncoder encoder, int layer, int rows, int pooledRow) {
        return new TransformerSlice(encoder.blocks().subList(layer, encoder.blocks().size()),
                new Readout.PooledProjection(encoder.head(), pooledRow), rows);
    }

    static TransformerSlice vision(VisionEncoder encoder, int layer) {
        return new TransformerSlice(encoder.blocks().subList(layer, encoder.blocks().size()), encoder.readout(),
                encoder.rows());
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return readout.width();
    }

    @Override
    public int projectionDim() {
        return readout.projectionDim();
    }

    /** The traces of every block and of the readout. */
    private record Traces(List<TransformerBlock.Trace> traces, Readout.ReadoutTrace readout) implements Primal {
        @Override
        public float[] embedding() {
            return readout.embedding();
        }
    }

    private int queryFrom() {
        return readout.queryFrom(rows);
    }

    private int queryCount() {
        return readout.queryCount(rows);
    }

    @Override
    public Primal forward(Parallel parallel, float[] x) {
        List<TransformerBlock.Trace> traces = new ArrayList<>(blocks.size());
        float[] state = x.clone();
        for (int b = 0; b < blocks.size(); b++) {
            boolean last = b == blocks.size() - 1;
            TransformerBlock block = blocks.get(b);
            TransformerBlock.Trace trace = last
                    ? block.derivativeTrace(1, rows, queryFrom(), queryCount())
                    : block.derivativeTrace(1, rows, 0, rows);
            block.forward(parallel, state, trace);
            traces.add(trace);
        }
        float[] read = Readout.rowsOf(state, 1, rows, width(), queryFrom(), queryCount());
        return new Traces(traces, readout.forward(parallel, read, queryCount()));
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
            float[] readTangents = readTangents(parallel, primal, rowsOfChunk, sources, count);
            float[] headTangents = readout.tangent(parallel, primal.readout(), readTangents, count);
            System.arraycopy(headTangents, 0, tangents, start * projectionDim(), count * projectionDim());
        }
        return new Jvp(primal.embedding(), tangents);
    }

    @Override
    public float[] cotangents(Parallel parallel, Primal point, float[] dz, int count) {
        Traces primal = (Traces) point;
        float[] dRead = readout.cotangent(parallel, primal.readout(), dz, count);
        if (blocks.isEmpty()) {
            return Readout.placeRows(dRead, count, rows, width(), queryFrom(), queryCount());
        }
        float[] cotangent = dRead;
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
        // the last block leaves only the rows the readout reads; without blocks, select them
        float[] read = blocks.isEmpty() ? Readout.rowsOf(tangent, 1, rows, width(), queryFrom(), queryCount()) : tangent;
        return readout.tangent(parallel, primal.readout(), read, 1);
    }

    private int widest() {
        int widest = 3 * width();
        for (TransformerBlock block : blocks) {
            widest = Math.max(widest, block.intermediate());
        }
        return widest;
    }

    private int chunkSize(int directions, int maxChunkFloats) {
        long perDirection = (long) (blocks.size() > 1 || queryCount() > 1 ? rows : 1) * widest();
        return (int) Math.max(1, Math.min(directions, maxChunkFloats / perDirection));
    }

    /** Tangents of the rows the readout reads [S][Tq][D]. */
    private float[] readTangents(Parallel parallel, Traces primal, float[] directionRows, int[] sourceRows, int count) {
        int width = width();
        if (blocks.isEmpty()) {
            float[] dense = new float[count * rows * width];
            for (int s = 0; s < count; s++) {
                System.arraycopy(directionRows, s * width, dense, (s * rows + sourceRows[s]) * width, width);
            }
            return Readout.rowsOf(dense, count, rows, width, queryFrom(), queryCount());
        }
        float[] tangent = blocks.get(0).tangentFromRows(parallel, primal.traces().get(0), directionRows, sourceRows, count);
        for (int b = 1; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.traces().get(b), tangent, count);
        }
        return tangent;
    }
}
