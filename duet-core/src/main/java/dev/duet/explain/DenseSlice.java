/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.AlignTextEncoder;
import dev.duet.model.BertTextEncoder;
import dev.duet.model.EfficientNetEncoder;
import dev.duet.model.ResNetEncoder;
import dev.duet.model.SentencePooling;
import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.layer.MBConv;
import dev.duet.model.layer.MapBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a tower above the cut whose directions run dense: a list of {@link MapBlock}s, then
 * the tower's {@link MapReadout}. Its rows are the positions of the cut's channel-last map
 * [H*W][C]: for a convolutional image tower cut after stage s (0 = the stem) the later stages'
 * blocks (ResNet's bottlenecks, EfficientNet's MBConvs) and the attention pool or global mean; for
 * a BERT tower cut at layer l the post-LN blocks l..L-1 over one unpadded sentence, a map of
 * T x 1 ({@link SequenceBlock}), and its pooled sentence. A direction that starts on one row
 * spreads to every row at once (the 3x3 and depthwise convolutions, squeeze-and-excitation, and
 * a BERT block whose every row reaches the pooled one), so tangents carry whole maps; reverse
 * mode (a cotangent per row of the other tower) is the cheap side for the image towers.
 *
 * @param <T> the blocks' trace
 * @param <R> the readout's trace
 */
final class DenseSlice<T extends MapBlock.Trace, R> implements TowerSlice {

    private final List<? extends MapBlock<T>> blocks;
    private final MapReadout<R> readout;
    private final int height;
    private final int mapWidth;
    private final int channels;

    private DenseSlice(List<? extends MapBlock<T>> blocks, MapReadout<R> readout, int height, int mapWidth,
                       int channels) {
        this.blocks = blocks;
        this.readout = readout;
        this.height = height;
        this.mapWidth = mapWidth;
        this.channels = channels;
    }

    /** A CLIP ResNet above stage {@code stage}: its bottlenecks, then its attention pool. */
    static DenseSlice<Bottleneck.Trace, AttentionPool.Trace> of(ResNetEncoder encoder, int stage) {
        int first = 0;
        for (int s = 0; s < stage; s++) {
            first += encoder.config().layers()[s];
        }
        int side = encoder.config().mapSize(stage);
        return new DenseSlice<>(encoder.blocks().subList(first, encoder.blocks().size()),
                MapReadout.attention(encoder.pool()), side, side, encoder.config().channels(stage));
    }

    /** ALIGN's EfficientNet above stage {@code stage}: its MBConv blocks, then the global mean of the last map. */
    static DenseSlice<MBConv.Trace, float[]> of(EfficientNetEncoder encoder, int stage) {
        var config = encoder.config();
        int last = config.mapSize(config.stages());
        int side = config.mapSize(stage);
        return new DenseSlice<>(encoder.blocks().subList(config.firstBlock(stage), encoder.blocks().size()),
                MapReadout.mean(last * last, config.embeddingDim()), side, side, config.channels(stage));
    }

    /** A BERT sentence encoder above layer {@code layer} for one sentence of {@code rows} rows, pooled as it pools. */
    static DenseSlice<SequenceBlock.Trace, float[]> sentence(BertTextEncoder tower, SentencePooling pooling, int layer,
                                                             int rows) {
        return sequence(tower, MapReadout.sentence(pooling, rows, tower.config().width(), null), layer, rows);
    }

    /** ALIGN's text tower above layer {@code layer}: the [CLS] row through {@code text_projection}. */
    static DenseSlice<SequenceBlock.Trace, float[]> align(AlignTextEncoder tower, int layer, int rows) {
        return sequence(tower.bert(), MapReadout.sentence(SentencePooling.CLS, rows, tower.bert().config().width(), tower),
                layer, rows);
    }

    private static DenseSlice<SequenceBlock.Trace, float[]> sequence(BertTextEncoder tower, MapReadout<float[]> readout,
                                                                     int layer, int rows) {
        List<SequenceBlock> blocks = tower.blocks().subList(layer, tower.blocks().size()).stream()
                .map(SequenceBlock::new).toList();
        return new DenseSlice<>(blocks, readout, rows, 1, tower.config().width());
    }

    @Override
    public int rows() {
        return height * mapWidth;
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
        int h = height;
        int w = mapWidth;
        for (MapBlock<T> block : blocks) {
            T trace = block.forward(parallel, state, 1, h, w);
            traces.add(trace);
            state = trace.output();
            h = block.outSize(h);
            w = block.outSize(w);
        }
        R read = readout.forward(parallel, state, h * w);
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
        int h = height;
        int w = mapWidth;
        for (MapBlock<T> block : blocks) {
            largest = Math.max(largest, (long) h * w * block.widestChannels());
            h = block.outSize(h);
            w = block.outSize(w);
        }
        return (int) Math.max(1, Math.min(count, maxChunkFloats / (4L * largest)));
    }
}
