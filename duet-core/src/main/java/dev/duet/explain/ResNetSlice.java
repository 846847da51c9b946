/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.ResNetEncoder;
import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a ResNet image tower above the cut after stage s (0 = the stem): the bottlenecks of
 * the later stages, then the attention pool. Its rows are the positions of the cut's
 * channel-last map [H*W][C]. A direction that starts on one position spreads through the 3x3
 * convolutions, so tangents run dense; reverse mode (a cotangent per caption row) is the cheap
 * side, as for the transformer's image tower.
 */
final class ResNetSlice implements TowerSlice {

    private final List<Bottleneck> blocks;
    private final AttentionPool pool;
    private final int side;
    private final int channels;

    private ResNetSlice(List<Bottleneck> blocks, AttentionPool pool, int side, int channels) {
        this.blocks = blocks;
        this.pool = pool;
        this.side = side;
        this.channels = channels;
    }

    static ResNetSlice of(ResNetEncoder encoder, int stage) {
        int first = 0;
        for (int s = 0; s < stage; s++) {
            first += encoder.config().layers()[s];
        }
        return new ResNetSlice(encoder.blocks().subList(first, encoder.blocks().size()), encoder.pool(),
                encoder.config().mapSize(stage), encoder.config().channels(stage));
    }

    @Override
    public int rows() {
        return side * side;
    }

    @Override
    public int width() {
        return channels;
    }

    @Override
    public int projectionDim() {
        return pool.outputDim();
    }

    /** The traces of every bottleneck and of the pool. */
    private record Traces(List<Bottleneck.Trace> blocks, AttentionPool.Trace pool) implements Primal {
        @Override
        public float[] embedding() {
            return pool.embeddings();
        }
    }

    @Override
    public Primal forward(Parallel parallel, float[] x) {
        List<Bottleneck.Trace> traces = new ArrayList<>(blocks.size());
        float[] state = x;
        int at = side;
        for (Bottleneck block : blocks) {
            Bottleneck.Trace trace = block.forward(parallel, state, 1, at, at);
            traces.add(trace);
            state = trace.output();
            at /= block.stride();
        }
        return new Traces(traces, pool.forward(parallel, state, 1, at * at));
    }

    @Override
    public Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats) {
        Traces primal = (Traces) forward(parallel, x);
        int directions = sourceRows.length;
        int dim = projectionDim();
        float[] tangents = new float[directions * dim];
        int chunk = perChunk(directions, maxChunkFloats);
        for (int start = 0; start < directions; start += chunk) {
            int count = Math.min(chunk, directions - start);
            float[] dense = new float[count * rows() * channels];
            for (int s = 0; s < count; s++) {
                System.arraycopy(directionRows, (start + s) * channels, dense, (s * rows() + sourceRows[start + s]) * channels,
                        channels);
            }
            System.arraycopy(tangents(parallel, primal, dense, count), 0, tangents, start * dim, count * dim);
        }
        return new Jvp(primal.embedding(), tangents);
    }

    @Override
    public float[] cotangents(Parallel parallel, Primal point, float[] dz, int count) {
        Traces primal = (Traces) point;
        float[] cotangent = pool.cotangent(parallel, primal.pool(), dz, count);
        for (int b = blocks.size() - 1; b >= 0; b--) {
            cotangent = blocks.get(b).cotangent(parallel, primal.blocks().get(b), cotangent, count);
        }
        return cotangent;
    }

    @Override
    public int cotangentsPerChunk(int cotangents, int maxChunkFloats) {
        return perChunk(cotangents, maxChunkFloats);
    }

    @Override
    public float[] denseTangent(Parallel parallel, Primal primal, float[] direction) {
        return tangents(parallel, (Traces) primal, direction, 1);
    }

    /** Dense tangents [S][H][W][C] of the cut's map through every layer to the embedding, [S][P]. */
    private float[] tangents(Parallel parallel, Traces primal, float[] dense, int count) {
        float[] tangent = dense;
        for (int b = 0; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.blocks().get(b), tangent, count);
        }
        return pool.tangent(parallel, primal.pool(), tangent, count);
    }

    /** Directions or cotangents per chunk: each carries about four maps of the widest bottleneck's input. */
    private int perChunk(int count, int maxChunkFloats) {
        long perItem = 4L * rows() * Math.max(channels, blocks.isEmpty() ? channels : blocks.get(0).outChannels());
        return (int) Math.max(1, Math.min(count, maxChunkFloats / perItem));
    }
}
