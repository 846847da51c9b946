package dev.duet.train;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipModel;
import dev.duet.tokenizer.TruncatedVocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a training run starts: the weights it trains, and the tokenizer files
 * ({@code vocab.json}, {@code merges.txt}) and, when fine-tuning a model that has one, its
 * {@code preprocessor_config.json}, which it puts into its model folder first.
 */
public final class TrainingStart {

    static final String PREPROCESSOR_FILE = "preprocessor_config.json";

    /** CLIP's vocab.json is 1.6 MB and merges.txt 0.5 MB (and a preprocessor_config.json under 1 kB). */
    private static final long MAX_TOKENIZER_FILE_BYTES = 64L << 20;

    private TrainingStart() {
    }

    /**
     * Fine-tuning: a copy of {@code model}'s weights; its tokenizer files, and its
     * {@code preprocessor_config.json} when it has one (checked against its image size), are
     * copied into {@code out}, so that training sees images as the model does.
     */
    public static ClipParameters fineTuning(Path model, Path out) throws IOException {
        ClipCheckpoint checkpoint = ClipCheckpoint.load(model);
        for (String name : List.of("vocab.json", "merges.txt")) {
            Path source = model.resolve(name);
            InputFiles.checkedSize(source, MAX_TOKENIZER_FILE_BYTES);
            AtomicFiles.write(out.resolve(name), Files.readAllBytes(source));
        }
        Path preprocessing = model.resolve(PREPROCESSOR_FILE);
        if (Files.isRegularFile(preprocessing)) {
            // loading refuses a crop other than the model's image size, as loading the model would
            ClipModel.preprocessor(model, ClipModel.defaultPipeline(model));
            InputFiles.checkedSize(preprocessing, MAX_TOKENIZER_FILE_BYTES);
            AtomicFiles.write(out.resolve(PREPROCESSOR_FILE), Files.readAllBytes(preprocessing));
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
