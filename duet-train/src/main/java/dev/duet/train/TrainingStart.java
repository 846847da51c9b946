/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipModel;
import dev.duet.model.ModelFamily;
import dev.duet.model.SiglipModel;
import dev.duet.tokenizer.TruncatedVocabulary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a training run starts: the weights it trains, and the tokenizer files (CLIP's
 * {@code vocab.json}, {@code merges.txt}; SigLIP's {@code spiece.model} or SigLIP 2's
 * {@code tokenizer.model} and, when present, its {@code tokenizer_config.json},
 * {@code special_tokens_map.json} and {@code tokenizer.json}) and, when fine-tuning a model that has
 * one, its {@code preprocessor_config.json}, which it puts into its model folder first.
 */
public final class TrainingStart {

    static final String PREPROCESSOR_FILE = "preprocessor_config.json";
    /**
     * CLIP's vocab.json is 1.6 MB and merges.txt 0.5 MB, SigLIP's spiece.model 0.8 MB, Gemma's
     * tokenizer.model a few MB and its tokenizer.json a few tens (a preprocessor_config.json under 1 kB).
     */
    private static final long MAX_TOKENIZER_FILE_BYTES = 64L << 20;

    private TrainingStart() {
    }

    /**
     * Fine-tuning: a copy of {@code model}'s weights, of either family; its tokenizer files, and its
     * {@code preprocessor_config.json} when it has one (checked against its image size, as loading
     * the model checks it), are copied into {@code out}, so that training sees captions and images as
     * the model does.
     */
    public static ModelParameters fineTuning(Path model, Path out) throws IOException {
        return switch (ModelFamily.of(model)) {
            case CLIP -> {
                ClipCheckpoint checkpoint = ClipCheckpoint.load(model);
                copy(model, out, List.of("vocab.json", "merges.txt"), true);
                if (Files.isRegularFile(model.resolve(PREPROCESSOR_FILE))) {
                    ClipModel.preprocessor(model, ClipModel.defaultPipeline(model));
                    copy(model, out, List.of(PREPROCESSOR_FILE), true);
                }
                yield ClipParameters.copyOf(checkpoint.config(), checkpoint.weights());
            }
            case SIGLIP -> {
                // loading checks the tokenizer against the text tower and the preprocessing against the image size
                SiglipModel siglip = SiglipModel.load(model);
                copy(model, out, List.of(SiglipModel.tokenizerFile(model).getFileName().toString()), true);
                // tokenizer.json: SigLIP 2's fast tokenizer, which transformers reads before tokenizer.model
                copy(model, out, List.of("tokenizer_config.json", "special_tokens_map.json", "tokenizer.json",
                        PREPROCESSOR_FILE), false);
                yield SiglipParameters.copyOf(siglip.config(), siglip.towers());
            }
            case ALIGN, SENTENCE_BERT -> throw ModelParameters.notTrainable(model);
        };
    }

    /** Copies the files {@code names} of {@code model} into {@code out}; a missing one is bad input when {@code required}. */
    private static void copy(Path model, Path out, List<String> names, boolean required) throws IOException {
        for (String name : names) {
            Path source = model.resolve(name);
            if (required || Files.isRegularFile(source)) {
                InputFiles.checkedSize(source, MAX_TOKENIZER_FILE_BYTES);
                AtomicFiles.write(out.resolve(name), Files.readAllBytes(source));
            }
        }
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
