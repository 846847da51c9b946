/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.safetensors.TensorSource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CLIP checkpoint directory as published on the hub, in either layout: HuggingFace
 * ({@code config.json} + {@code model.safetensors}) or open_clip ({@code open_clip_config.json}
 * + {@code open_clip_model.safetensors}), the weights whole or in shards named by
 * {@code *.safetensors.index.json}. Weights are copied out of the memory map once.
 */
public record ClipCheckpoint(Path directory, ClipConfig config, ClipWeights weights, String weightsFile) {

    public static ClipCheckpoint load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory, "not a model directory");
        }
        if (Files.exists(directory.resolve(HuggingFaceLayout.CONFIG))) {
            Path configFile = directory.resolve(HuggingFaceLayout.CONFIG);
            ClipConfig config = HuggingFaceLayout.readConfig(configFile);
            try (TensorSource file = CheckpointFiles.openWeights(directory, HuggingFaceLayout.WEIGHTS, HuggingFaceLayout.PICKLED_WEIGHTS,
                    HuggingFaceLayout.PICKLE_CONVERSION)) {
                return new ClipCheckpoint(directory, config, checkLogitScale(file.path(), HuggingFaceLayout.readWeights(file, config)),
                        file.path().getFileName().toString());
            }
        }
        if (Files.exists(directory.resolve(OpenClipLayout.CONFIG))) {
            ClipConfig config = OpenClipLayout.readConfig(directory.resolve(OpenClipLayout.CONFIG));
            try (TensorSource file = CheckpointFiles.openWeights(directory, OpenClipLayout.WEIGHTS, OpenClipLayout.PICKLED_WEIGHTS,
                    OpenClipLayout.PICKLE_CONVERSION)) {
                return new ClipCheckpoint(directory, config, checkLogitScale(file.path(), OpenClipLayout.readWeights(file, config)),
                        file.path().getFileName().toString());
            }
        }
        throw noCheckpoint(directory);
    }

    /** Only the architecture (no weights): enough for tokenizing and planning. */
    public static ClipConfig readConfig(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory, "not a model directory");
        }
        if (Files.exists(directory.resolve(HuggingFaceLayout.CONFIG))) {
            return HuggingFaceLayout.readConfig(directory.resolve(HuggingFaceLayout.CONFIG));
        }
        if (Files.exists(directory.resolve(OpenClipLayout.CONFIG))) {
            return OpenClipLayout.readConfig(directory.resolve(OpenClipLayout.CONFIG));
        }
        throw noCheckpoint(directory);
    }

    private static BadInputException noCheckpoint(Path directory) {
        return new BadInputException(directory, "no " + HuggingFaceLayout.CONFIG + " or " + OpenClipLayout.CONFIG
                + " found: not a CLIP checkpoint directory");
    }

    private static ClipWeights checkLogitScale(Path file, ClipWeights weights) {
        CheckpointFiles.checkLogitScale(file, weights.logitScale());
        return weights;
    }
}
