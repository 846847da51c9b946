/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.safetensors.TensorSource;

import java.nio.file.Path;

/**
 * SigLIP's two towers and its score's parameters, as read from transformers' layout. Both
 * embeddings have the towers' width (no projection to a shared space beyond the text head).
 */
public record SiglipTowers(TextEncoder text, VisionEncoder vision, Score.Sigmoid score) {

    /**
     * The towers of a checkpoint directory in transformers' layout: {@code config.json} and the weights, whole
     * ({@code model.safetensors}) or in shards ({@code model.safetensors.index.json}); PyTorch's pickles are refused.
     */
    public static SiglipTowers load(Path directory) {
        return load(directory, SiglipLayout.readConfig(directory.resolve(SiglipLayout.CONFIG)));
    }

    static SiglipTowers load(Path directory, SiglipConfig config) {
        try (TensorSource file = CheckpointFiles.openWeights(directory, SiglipLayout.WEIGHTS,
                HuggingFaceLayout.PICKLED_WEIGHTS, SiglipLayout.PICKLE_CONVERSION)) {
            return read(file, config.text(), config.vision());
        }
    }

    /** The towers in transformers' layout in {@code file}, shapes checked against the two configs. */
    public static SiglipTowers read(TensorSource file, ClipConfig.Text text, ClipConfig.Vision vision) {
        return SiglipLayout.read(file, text, vision);
    }
}
