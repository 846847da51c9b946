package dev.duet.model;

import dev.duet.BadInputException;
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
        if (Files.isRegularFile(directory.resolve(HuggingFaceLayout.CONFIG))) {
            Path configFile = directory.resolve(HuggingFaceLayout.CONFIG);
            ClipConfig config = HuggingFaceLayout.readConfig(configFile);
            try (TensorSource file = openWeights(directory, HuggingFaceLayout.WEIGHTS, HuggingFaceLayout.PICKLED_WEIGHTS,
                    HuggingFaceLayout.PICKLE_CONVERSION)) {
                return new ClipCheckpoint(directory, config, HuggingFaceLayout.readWeights(file, config), file.path().getFileName().toString());
            }
        }
        if (Files.isRegularFile(directory.resolve(OpenClipLayout.CONFIG))) {
            ClipConfig config = OpenClipLayout.readConfig(directory.resolve(OpenClipLayout.CONFIG));
            try (TensorSource file = openWeights(directory, OpenClipLayout.WEIGHTS, OpenClipLayout.PICKLED_WEIGHTS,
                    OpenClipLayout.PICKLE_CONVERSION)) {
                return new ClipCheckpoint(directory, config, OpenClipLayout.readWeights(file, config), file.path().getFileName().toString());
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

    /**
     * The layout's safetensors weights, whole ({@code model.safetensors}) or sharded
     * ({@code model.safetensors.index.json} and its shards). PyTorch's pickled weights are refused:
     * unpickling runs whatever code the file names.
     */
    private static TensorSource openWeights(Path directory, String name, List<String> pickled, String conversion) {
        Path file = directory.resolve(name);
        if (Files.isRegularFile(file)) {
            return SafetensorsFile.open(file);
        }
        Path index = directory.resolve(name + ShardedSafetensors.INDEX_SUFFIX);
        if (Files.isRegularFile(index)) {
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
