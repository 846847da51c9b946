/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.EfficientNetEncoder;
import dev.duet.model.ResNetEncoder;
import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.layer.MBConv;
import dev.duet.model.layer.MapBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a convolutional image tower above the cut after stage s (0 = the stem): the blocks
 * of the later stages ({@link MapBlock}: ResNet's bottlenecks, EfficientNet's MBConvs), then the
 * tower's {@link MapReadout}. Its rows are the positions of the cut's channel-last map [H*W][C].
 * A direction that starts on one position spreads through the 3x3 and depthwise convolutions (and
 * squeeze-and-excitation reads every position), so tangents run dense; reverse mode (a cotangent
 * per caption row) is the cheap side, as for the transformer's image tower.
 *
 * @param <T> the blocks' trace
 * @param <R> the readout's trace
 */
final class ConvolutionalSlice<T extends MapBlock.Trace, R> implements TowerSlice {

    private final List<? extends MapBlock<T>> blocks;
    private final MapReadout<R> readout;
    private final int side;
    private final int channels;

    private ConvolutionalSlice(List<? extends MapBlock<T>> blocks, MapReadout<R> readout, int side, int channels) {
        this.blocks = blocks;
        this.readout = readout;
        this.side = side;
        this.channels = channels;
    }

    /** A CLIP ResNet above stage {@code stage}: its bottlenecks, then its attention pool. */
    static ConvolutionalSlice<Bottleneck.Trace, AttentionPool.Trace> of(ResNetEncoder encoder, int stage) {
        int first = 0;
        for (int s = 0; s < stage; s++) {
            first += encoder.config().layers()[s];
        }
        return new ConvolutionalSlice<>(encoder.blocks().subList(first, encoder.blocks().size()),
                MapReadout.attention(encoder.pool()), encoder.config().mapSize(stage), encoder.config().channels(stage));
    }

    /** ALIGN's EfficientNet above stage {@code stage}: its MBConv blocks, then the global mean of the last map. */
    static ConvolutionalSlice<MBConv.Trace, float[]> of(EfficientNetEncoder encoder, int stage) {
        var config = encoder.config();
        int last = config.mapSize(config.stages());
        return new ConvolutionalSlice<>(encoder.blocks().subList(config.firstBlock(stage), encoder.blocks().size()),
                MapReadout.mean(last * last, config.embeddingDim()), config.mapSize(stage), config.channels(stage));
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
        return readout.dim();
    }

    /** The traces of every block and of the readout. */
    private record Traces<T, R>(List<T> blocks, R readout, float[] embedding) implements Primal {
    }

    @Override
    public Primal forward(Parallel parallel, float[] x) {
        List<T> traces = new ArrayList<>(blocks.size());
        float[] state = x;
        int at = side;
        for (MapBlock<T> block : blocks) {
            T trace = block.forward(parallel, state, 1, at, at);
            traces.add(trace);
            state = trace.output();
            at = block.outSize(at);
        }
        R read = readout.forward(parallel, state, at * at);
        return new Traces<>(traces, read, readout.embedding(read));
    }

    @Override
    public Jvp jvp(Parallel parallel, float[] x, float[] directionRows, int[] sourceRows, int maxChunkFloats) {
        Traces<T, R> primal = traces(forward(parallel, x));
        int directions = sourceRows.length;
        int dim = projectionDim();
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
        Traces<T, R> primal = traces(point);
        float[] cotangent = readout.cotangent(parallel, primal.readout(), dz, count);
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
        return tangents(parallel, traces(primal), direction, 1);
    }

    /** Dense tangents [S][H][W][C] of the cut's map through every block and the readout, [S][P]. */
    private float[] tangents(Parallel parallel, Traces<T, R> primal, float[] dense, int count) {
        float[] tangent = dense;
        for (int b = 0; b < blocks.size(); b++) {
            tangent = blocks.get(b).tangent(parallel, primal.blocks().get(b), tangent, count);
        }
        return readout.tangent(parallel, primal.readout(), tangent, count);
    }

    @SuppressWarnings("unchecked")   // every Primal this slice is given is one its forward made
    private Traces<T, R> traces(Primal primal) {
        return (Traces<T, R>) primal;
    }

    /**
     * Directions or cotangents per chunk: each carries about four maps of the largest a block
     * holds (its input's area times its widest channels; the cut's own map included).
     */
    private int perChunk(int count, int maxChunkFloats) {
        long largest = (long) rows() * channels;
        int at = side;
        for (MapBlock<T> block : blocks) {
            largest = Math.max(largest, (long) at * at * block.widestChannels());
            at = block.outSize(at);
        }
        return (int) Math.max(1, Math.min(count, maxChunkFloats / (4L * largest)));
    }
}
