package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.safetensors.SafetensorsFile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A CLIP checkpoint directory as published on the hub, in either layout: HuggingFace
 * ({@code config.json} + {@code model.safetensors}) or open_clip ({@code open_clip_config.json}
 * + {@code open_clip_model.safetensors}). Weights are copied out of the memory map once.
 */
public record ClipCheckpoint(Path directory, ClipConfig config, ClipWeights weights, String weightsFile) {

    public static ClipCheckpoint load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory, "not a model directory");
        }
        if (Files.isRegularFile(directory.resolve(HuggingFaceLayout.CONFIG))) {
            Path configFile = directory.resolve(HuggingFaceLayout.CONFIG);
            ClipConfig config = HuggingFaceLayout.readConfig(configFile);
            Path weightsFile = requireWeights(directory, HuggingFaceLayout.WEIGHTS);
            try (SafetensorsFile file = SafetensorsFile.open(weightsFile)) {
                return new ClipCheckpoint(directory, config, HuggingFaceLayout.readWeights(file, config), weightsFile.getFileName().toString());
            }
        }
        if (Files.isRegularFile(directory.resolve(OpenClipLayout.CONFIG))) {
            ClipConfig config = OpenClipLayout.readConfig(directory.resolve(OpenClipLayout.CONFIG));
            Path weightsFile = requireWeights(directory, OpenClipLayout.WEIGHTS);
            try (SafetensorsFile file = SafetensorsFile.open(weightsFile)) {
                return new ClipCheckpoint(directory, config, OpenClipLayout.readWeights(file, config), weightsFile.getFileName().toString());
            }
        }
        throw noCheckpoint(directory);
    }

    /** Only the architecture (no weights): enough for tokenizing and planning. */
    public static ClipConfig readConfig(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory, "not a model directory");
        }
        if (Files.isRegularFile(directory.resolve(HuggingFaceLayout.CONFIG))) {
            return HuggingFaceLayout.readConfig(directory.resolve(HuggingFaceLayout.CONFIG));
        }
        if (Files.isRegularFile(directory.resolve(OpenClipLayout.CONFIG))) {
            return OpenClipLayout.readConfig(directory.resolve(OpenClipLayout.CONFIG));
        }
        throw noCheckpoint(directory);
    }

    private static BadInputException noCheckpoint(Path directory) {
        return new BadInputException(directory, "no " + HuggingFaceLayout.CONFIG + " or " + OpenClipLayout.CONFIG
                + " found: not a CLIP checkpoint directory");
    }

    private static Path requireWeights(Path directory, String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "file not found (only safetensors checkpoints are supported)");
        }
        return file;
    }
}
