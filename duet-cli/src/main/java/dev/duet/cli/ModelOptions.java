package dev.duet.cli;

import dev.duet.BadInputException;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Options shared by every command that loads a model. */
final class ModelOptions {

    @Option(names = "--model", paramLabel = "DIR",
            description = "CLIP checkpoint directory (HuggingFace or open_clip layout); default: Duet's own model")
    Path model;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    Path modelDirectory() {
        if (model != null) {
            return model;
        }
        Path fallback = Path.of(System.getProperty("duet.home", "."), "models", "default");
        if (!Files.isDirectory(fallback)) {
            throw new BadInputException(fallback, "no --model given and Duet's default model is not installed here");
        }
        return fallback;
    }

    ClipModel load() {
        return ClipModel.load(modelDirectory());
    }

    Parallel parallel() {
        if (threads == null) {
            return Parallel.allCores();
        }
        if (threads < 1 || threads > 256) {
            throw new BadInputException(null, "--threads must be in 1..256, got " + threads);
        }
        return Parallel.of(threads);
    }
}
