package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.InputFiles;
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
        if (Files.exists(directory.resolve(HuggingFaceLayout.CONFIG))) {
            Path configFile = directory.resolve(HuggingFaceLayout.CONFIG);
            ClipConfig config = HuggingFaceLayout.readConfig(configFile);
            Path weightsFile = requireWeights(directory, HuggingFaceLayout.WEIGHTS);
            try (SafetensorsFile file = SafetensorsFile.open(weightsFile)) {
                return new ClipCheckpoint(directory, config, checkLogitScale(weightsFile, HuggingFaceLayout.readWeights(file, config)),
                        weightsFile.getFileName().toString());
            }
        }
        if (Files.exists(directory.resolve(OpenClipLayout.CONFIG))) {
            ClipConfig config = OpenClipLayout.readConfig(directory.resolve(OpenClipLayout.CONFIG));
            Path weightsFile = requireWeights(directory, OpenClipLayout.WEIGHTS);
            try (SafetensorsFile file = SafetensorsFile.open(weightsFile)) {
                return new ClipCheckpoint(directory, config, checkLogitScale(weightsFile, OpenClipLayout.readWeights(file, config)),
                        weightsFile.getFileName().toString());
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

    /** exp(logit_scale) scales cosines; past 80 it nears float32's limit (exp(88.7)). CLIP clamps it at ln(100). */
    static final float MAX_LOGIT_SCALE = 80;

    private static ClipWeights checkLogitScale(Path file, ClipWeights weights) {
        if (!(Math.abs(weights.logitScale()) <= MAX_LOGIT_SCALE)) {
            throw new BadInputException(file, "logit_scale " + weights.logitScale() + " is outside [-" + MAX_LOGIT_SCALE
                    + ", " + MAX_LOGIT_SCALE + "]: exp(logit_scale) would overflow float32");
        }
        return weights;
    }

    private static Path requireWeights(Path directory, String name) {
        Path file = directory.resolve(name);
        if (!Files.exists(file)) {
            throw new BadInputException(file, "file not found (only safetensors checkpoints are supported)");
        }
        InputFiles.checkedSize(file, Long.MAX_VALUE);
        return file;
    }
}
