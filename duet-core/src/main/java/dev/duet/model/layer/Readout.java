/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Parallel;

/**
 * How a vision transformer turns its last state [T][D] into the raw embedding: CLIP's pooling
 * of one row (CLS) through the {@link ProjectionHead}, or SigLIP's {@link ProbePooling} over
 * every row. It names the rows the last block must compute (Tq: one, or all) and carries
 * tangents [S][Tq][D] to [S][P] and cotangents back, for one sequence.
 */
public sealed interface Readout {

    /** The first of the rows it reads from the last state. */
    int queryFrom(int rows);

    /** How many consecutive rows it reads (Tq). */
    int queryCount(int rows);

    int width();

    int projectionDim();

    /** The readout at the last state's rows [Tq][D] (one sequence); its trace's embedding is z [P]. */
    ReadoutTrace forward(Parallel parallel, float[] queryRows, int rows);

    /** Its trace and the embedding. */
    interface ReadoutTrace {
        float[] embedding();
    }

    float[] tangent(Parallel parallel, ReadoutTrace trace, float[] tQueryRows, int directions);

    float[] cotangent(Parallel parallel, ReadoutTrace trace, float[] dz, int count);

    /** CLIP: the row {@code pooledRow} through LayerNorm and projection. */
    record PooledProjection(ProjectionHead head, int pooledRow) implements Readout {

        private record Trace(ProjectionHead.Trace head) implements ReadoutTrace {
            @Override
            public float[] embedding() {
                return head.embeddings();
            }
        }

        @Override
        public int queryFrom(int rows) {
            return pooledRow;
        }

        @Override
        public int queryCount(int rows) {
            return 1;
        }

        @Override
        public int width() {
            return head.width();
        }

        @Override
        public int projectionDim() {
            return head.projectionDim();
        }

        @Override
        public ReadoutTrace forward(Parallel parallel, float[] queryRows, int rows) {
            return new Trace(head.forward(Parallel.serial(), queryRows, 1));
        }

        @Override
        public float[] tangent(Parallel parallel, ReadoutTrace trace, float[] tQueryRows, int directions) {
            return head.tangent(parallel, ((Trace) trace).head(), tQueryRows, directions);
        }

        @Override
        public float[] cotangent(Parallel parallel, ReadoutTrace trace, float[] dz, int count) {
            return head.cotangent(parallel, ((Trace) trace).head(), dz, count);
        }
    }

    /** SigLIP: every row through post-LayerNorm and attention pooling by the probe. */
    record ProbeReadout(ProbePooling head) implements Readout {

        private record Trace(ProbePooling.Trace head) implements ReadoutTrace {
            @Override
            public float[] embedding() {
                return head.embeddings();
            }
        }

        @Override
        public int queryFrom(int rows) {
            return 0;
        }

        @Override
        public int queryCount(int rows) {
            return rows;
        }

        @Override
        public int width() {
            return head.width();
        }

        @Override
        public int projectionDim() {
            return head.width();
        }

        @Override
        public ReadoutTrace forward(Parallel parallel, float[] queryRows, int rows) {
            return new Trace(head.forward(parallel, queryRows, 1, rows));
        }

        @Override
        public float[] tangent(Parallel parallel, ReadoutTrace trace, float[] tQueryRows, int directions) {
            return head.tangent(parallel, ((Trace) trace).head(), tQueryRows, directions);
        }

        @Override
        public float[] cotangent(Parallel parallel, ReadoutTrace trace, float[] dz, int count) {
            return head.cotangent(parallel, ((Trace) trace).head(), dz, count);
        }
    }

    /** Rows [from, from + count) of states [S][T][D]: [S][count][D]. */
    public static float[] rowsOf(float[] states, int sequences, int rows, int width, int from, int count) {
        if (from == 0 && count == rows) {
            return states;
        }
        float[] out = new float[sequences * count * width];
        for (int s = 0; s < sequences; s++) {
            System.arraycopy(states, (s * rows + from) * width, out, s * count * width, count * width);
        }
        return out;
    }

    /** The transpose of {@link #rowsOf}: [S][count][D] placed at rows [from, from + count) of zeros [S][T][D]. */
    public static float[] placeRows(float[] selected, int sequences, int rows, int width, int from, int count) {
        if (from == 0 && count == rows) {
            return selected;
        }
        float[] out = new float[sequences * rows * width];
        for (int s = 0; s < sequences; s++) {
            System.arraycopy(selected, s * count * width, out, (s * rows + from) * width, count * width);
        }
        return out;
    }
}
