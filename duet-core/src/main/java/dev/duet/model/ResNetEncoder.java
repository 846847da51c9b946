package dev.duet.model;

import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.layer.ResNetStem;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's ResNet image tower as a list of layers: {@link ResNetStem}, four stages of
 * {@link Bottleneck}s (the first of stages 2-4 with stride 2), {@link AttentionPool}. States are
 * channel-last maps [H][W][C]: the rows of an explanation's cut are the map's positions.
 */
public final class ResNetEncoder {

    private final ResNetConfig config;
    private final ResNetStem stem;
    private final List<Bottleneck> blocks;    // stage after stage
    private final AttentionPool pool;

    public ResNetEncoder(ResNetConfig config, ResNetStem stem, List<Bottleneck> blocks, AttentionPool pool) {
        int expected = 0;
        for (int stageBlocks : config.layers()) {
            expected += stageBlocks;
        }
        if (blocks.size() != expected) {
            throw new IllegalArgumentException(blocks.size() + " bottlenecks for a config of " + expected);
        }
        this.config = config;
        this.stem = stem;
        this.blocks = List.copyOf(blocks);
        this.pool = pool;
    }

    public ResNetConfig config() {
        return config;
    }

    public List<Bottleneck> blocks() {
        return blocks;
    }

    public AttentionPool pool() {
        return pool;
    }

    /** Projected (unnormalised) embeddings [B][P] of a batch of CHW images. */
    public float[][] encode(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        float[] x = through(parallel, images, blocks.size());
        int side = config.mapSize(4);
        float[] embeddings = pool.forward(parallel, x, batch, side * side).embeddings();
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) {
            rows[b] = java.util.Arrays.copyOfRange(embeddings, b * config.outputDim(), (b + 1) * config.outputDim());
        }
        return rows;
    }

    /**
     * The map [H][W][C] after stage {@code stage} (0 = the stem, 1..4 = layer1..layer4) of one CHW
     * image, channel-last.
     */
    public float[] stageOutput(Parallel parallel, float[] pixels, int stage) {
        if (stage < 0 || stage > 4) {
            throw new IllegalArgumentException("stage " + stage + " is outside 0..4");
        }
        int count = 0;
        for (int s = 0; s < stage; s++) {
            count += config.layers()[s];
        }
        return through(parallel, List.of(pixels), count);
    }

    /** The stem and the first {@code count} bottlenecks on a batch of images. */
    private float[] through(Parallel parallel, List<float[]> images, int count) {
        float[] x = stem.forward(parallel, images);
        int side = stem.outSize();
        List<Bottleneck> used = new ArrayList<>(blocks.subList(0, count));
        for (Bottleneck block : used) {
            x = block.forward(parallel, x, images.size(), side, side).output();
            side /= block.stride();
        }
        return x;
    }
}
