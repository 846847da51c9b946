package dev.duet.train;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.model.ClipCheckpoint;
import dev.duet.tokenizer.TruncatedVocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a training run starts: the weights it trains, and the tokenizer files
 * ({@code vocab.json}, {@code merges.txt}) it puts into its model folder first.
 */
public final class TrainingStart {

    /** CLIP's vocab.json is 1.6 MB and merges.txt 0.5 MB. */
    private static final long MAX_TOKENIZER_FILE_BYTES = 64L << 20;

    private TrainingStart() {
    }

    /** Fine-tuning: a copy of {@code model}'s weights; its tokenizer files are copied into {@code out}. */
    public static ClipParameters fineTuning(Path model, Path out) throws IOException {
        ClipCheckpoint checkpoint = ClipCheckpoint.load(model);
        for (String name : List.of("vocab.json", "merges.txt")) {
            Path source = model.resolve(name);
            InputFiles.checkedSize(source, MAX_TOKENIZER_FILE_BYTES);
            AtomicFiles.write(out.resolve(name), Files.readAllBytes(source));
        }
        return ClipParameters.copyOf(checkpoint.config(), checkpoint.weights());
    }

    /**
     * From scratch: CLIP's BPE in {@code tokenizerFrom} cut to its first {@code merges} merges and written into
     * {@code out}, and random weights ({@code seed}) of {@link ModelSpec#small} for that vocabulary in the given
     * shape; a shape the model cannot take is bad input.
     */
    public static ClipParameters fromScratch(Path tokenizerFrom, int merges, int width, int textLayers, int visionLayers,
                                             int imageSize, int patchSize, long seed, Path out) throws IOException {
        int vocabulary = TruncatedVocabulary.write(tokenizerFrom, out, merges);
        ModelSpec model;
        try {
            model = ModelSpec.small(vocabulary, vocabulary - 2, vocabulary - 1)
                    .withShape(width, textLayers, visionLayers, imageSize, patchSize);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(null, "bad model shape: " + e.getMessage());
        }
        return ClipInitializer.initialize(model.toConfig(), seed);
    }
}
