/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of one transformer block's tensors in a checkpoint layout, relative to the block's
 * prefix: norms ({@code .weight}/{@code .bias}), the Q/K/V projection as one fused name or as
 * three, the output projection and the two MLP layers. A fused name uses the
 * {@code _weight}/{@code _bias} suffix of PyTorch's MultiheadAttention ({@code in_proj_weight}).
 */
record BlockKeys(String norm1, String norm2, List<String> qkv, String out, String fc1, String fc2) {

    BlockKeys {
        if (qkv.size() != 1 && qkv.size() != 3) {
            throw new IllegalArgumentException("Q/K/V are stored fused (one name) or apart (three)");
        }
    }

    List<BlockWeights> read(WeightReader reader, String prefix, int layers, int width, int intermediate) {
        List<BlockWeights> blocks = new ArrayList<>(layers);
        for (int layer = 0; layer < layers; layer++) {
            String p = prefix + layer + ".";
            blocks.add(new BlockWeights(
                    reader.read(p + norm1 + ".weight", width),
                    reader.read(p + norm1 + ".bias", width),
                    qkvWeight(reader, p, width),
                    qkvBias(reader, p, width),
                    reader.read(p + out + ".weight", width, width),
                    reader.read(p + out + ".bias", width),
                    reader.read(p + norm2 + ".weight", width),
                    reader.read(p + norm2 + ".bias", width),
                    reader.read(p + fc1 + ".weight", intermediate, width),
                    reader.read(p + fc1 + ".bias", intermediate),
                    reader.read(p + fc2 + ".weight", width, intermediate),
                    reader.read(p + fc2 + ".bias", width)));
        }
        return blocks;
    }

    private float[] qkvWeight(WeightReader reader, String prefix, int width) {
        if (qkv.size() == 1) {
            return reader.read(prefix + qkv.get(0) + "_weight", 3L * width, width);
        }
        return reader.readStacked(qkv.stream().map(part -> prefix + part + ".weight").toList(), width, width);
    }

    private float[] qkvBias(WeightReader reader, String prefix, int width) {
        if (qkv.size() == 1) {
            return reader.read(prefix + qkv.get(0) + "_bias", 3L * width);
        }
        return reader.readStacked(qkv.stream().map(part -> prefix + part + ".bias").toList(), width);
    }
}
