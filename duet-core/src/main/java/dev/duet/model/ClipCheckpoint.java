package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.ShardedSafetensors;
import dev.duet.model.safetensors.TensorSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
            try (TensorSource file = openWeights(directory, HuggingFaceLayout.WEIGHTS, HuggingFaceLayout.PICKLED_WEIGHTS,
                    HuggingFaceLayout.PICKLE_CONVERSION)) {
                return new ClipCheckpoint(directory, config, checkLogitScale(file.path(), HuggingFaceLayout.readWeights(file, config)),
                        file.path().getFileName().toString());
            }
        }
        if (Files.exists(directory.resolve(OpenClipLayout.CONFIG))) {
            ClipConfig config = OpenClipLayout.readConfig(directory.resolve(OpenClipLayout.CONFIG));
            try (TensorSource file = openWeights(directory, OpenClipLayout.WEIGHTS, OpenClipLayout.PICKLED_WEIGHTS,
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

    /** exp(logit_scale) scales cosines; past 80 it nears float32's limit (exp(88.7)). CLIP clamps it at ln(100). */
    static final float MAX_LOGIT_SCALE = 80;

    private static ClipWeights checkLogitScale(Path file, ClipWeights weights) {
        if (!(Math.abs(weights.logitScale()) <= MAX_LOGIT_SCALE)) {
            throw new BadInputException(file, "logit_scale " + weights.logitScale() + " is outside [-" + MAX_LOGIT_SCALE
                    + ", " + MAX_LOGIT_SCALE + "]: exp(logit_scale) would overflow float32");
        }
        return weights;
    }

    /**
     * The layout's safetensors weights, whole ({@code model.safetensors}) or sharded
     * ({@code model.safetensors.index.json} and its shards). PyTorch's pickled weights are refused:
     * unpickling runs whatever code the file names.
     */
    private static TensorSource openWeights(Path directory, String name, List<String> pickled, String conversion) {
        Path file = directory.resolve(name);
        if (Files.exists(file)) {
            InputFiles.checkedSize(file, Long.MAX_VALUE);
            return SafetensorsFile.open(file);
        }
        Path index = directory.resolve(name + ShardedSafetensors.INDEX_SUFFIX);
        if (Files.exists(index)) {
            InputFiles.checkedSize(index, Long.MAX_VALUE);
            return ShardedSafetensors.open(index);
        }
        for (String pickle : pickled) {
            if (Files.isRegularFile(directory.resolve(pickle))) {
                throw new BadInputException(directory.resolve(pickle), "Duet does not read PyTorch pickles (unpickling can run "
                        + "any code the file holds); convert it to " + name + " once, where you trust it: python -c \""
                        + conversion.formatted(directory) + "\"");
            }
        }
        throw new BadInputException(file, "file not found (nor " + index.getFileName() + "; only safetensors checkpoints are supported)");
    }
}
