/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.EfficientNetEncoder;
import dev.duet.model.layer.MBConv;
import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of ALIGN's EfficientNet image tower above the cut after stage s (0 = the stem): the
 * MBConv blocks of the later stages, then the global average pooling that is ALIGN's image
 * embedding (linear, so its tangent is the mean of the tangent map and its cotangent spreads
 * {@code d / N} over the N positions). Its rows are the positions of the cut's channel-last map
 * [H*W][C]. Squeeze-and-excitation reads every position, so tangents run dense.
 */
final class EfficientNetSlice implements TowerSlice {

    private final List<MBConv> blocks;
    private final int side;
    private final int channels;
    private final int outSide;
    private final int dim;

    private EfficientNetSlice(List<MBConv> blocks, int side, int channels, int outSide, int dim) {
        this.blocks = blocks;
        this.side = side;
        this.channels = channels;
        this.outSide = outSide;
        this.dim = dim;
    }

    static EfficientNetSlice of(EfficientNetEncoder encoder, int stage) {
        var config = encoder.config();
        return new EfficientNetSlice(encoder.blocks().subList(config.firstBlock(stage), encoder.blocks().size()),
                config.mapSize(stage), config.channels(stage), config.mapSize(config.stages()), config.embeddingDim());
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
        return dim;
    }

    /** The traces of every block and the pooled embedding. */
    private record Traces(List<MBConv.Trace> blocks, float[] embedding) implements Primal {
    }

    @Override
    public Primal forward(Parallel parallel, float[] x) {
        List<MBConv.Trace> traces = new ArrayList<>(blocks.size());
        float[] state = x;
        int at = side;
        for (MBConv block : blocks) {
            MBConv.Trace trace = block.forward(parallel, state, 1, at, at);
            traces.add(trace);
            state = trace.output();
            at = block.outSize(at);
        }
        return new Traces(traces, pool(state, 1));
    }

    @Override
    public Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats) {
        Traces primal = (Traces) forward(parallel, x);
        int directions = sourceRows.length;
        float[] tangents = new float[directions * dim];
        int chunk = perChunk(directions, maxChunkFloats);
        for (int start = 0; start < directions; start += chunk) {
            int count = Math.min(chunk, directions - start);
            float[] dense = new float[count * rows() * channels];
            for (int s = 0; s < count; s++) {
                System.arraycopy(directionRows, (start + s) * channels, dense,
                        (s * rows() + sourceRows[start + s]) * channels, channels);
            }
            System.arraycopy(tangents(parallel, primal, dense, count), 0, tangents, start * dim, count * dim);
        }
        return new Jvp(primal.embedding(), tangents);
    }

    @Override
    public float[] cotangents(Parallel parallel, Primal point, float[] dz, int count) {
        Traces primal = (Traces) point;
        float[] cotangent = new float[count * outSide * outSide * dim];
        AveragePool.globalBackward(cotangent, dz, count, outSide * outSide, dim);
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

    /** Dense tangents [S][H][W][C] of the cut's map through every block and the pooling, [S][P]. */
    private float[] tangents(Parallel parallel, Traces primal, float[] dense, int count) {
        float[] tangent = dense;
        for (int b = 0; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.blocks().get(b), tangent, count);
        }
        return pool(tangent, count);
    }

    private float[] pool(float[] maps, int count) {
        float[] pooled = new float[count * dim];
        AveragePool.global(pooled, maps, count, outSide * outSide, dim);
        return pooled;
    }

    /** Directions or cotangents per chunk: each carries about four maps of the widest expanded block at the cut's size. */
    private int perChunk(int count, int maxChunkFloats) {
        int widest = channels;
        for (MBConv block : blocks) {
            widest = Math.max(widest, Math.max(block.depthwise().channels(), block.outChannels()));
        }
        long perItem = 4L * rows() * widest;
        return (int) Math.max(1, Math.min(count, maxChunkFloats / perItem));
    }
}
