/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessingPipeline;
import dev.duet.image.PreprocessorConfig;
import dev.duet.tokenizer.ClipTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A loaded CLIP checkpoint (either layout; a vision transformer or a ResNet) with everything
 * needed to go from text and image files to embeddings: the towers, the tokenizer and the image
 * preprocessing of its directory; also its config and weights, which training starts from.
 */
public record ClipModel(ClipCheckpoint checkpoint, TextEncoder text, ImageTower vision, ClipTokenizer tokenizer,
                        ImagePreprocessor preprocessor) implements DualEncoder {

    /** The checkpoint in {@code directory}, its images preprocessed in the order of its layout's own library. */
    public static ClipModel load(Path directory) {
        return load(directory, defaultPipeline(directory));
    }

    /**
     * The preprocessing order of the library that publishes checkpoints in this directory's layout: transformers'
     * for the HuggingFace layout ({@code config.json}), OpenAI's for open_clip's.
     */
    public static PreprocessingPipeline defaultPipeline(Path directory) {
        return PreprocessingPipeline.forLayout(Files.exists(directory.resolve(HuggingFaceLayout.CONFIG)));
    }

    /** The checkpoint in {@code directory}, its images preprocessed in {@code pipeline}'s order. */
    public static ClipModel load(Path directory, PreprocessingPipeline pipeline) {
        ClipConfig architecture = ClipCheckpoint.readConfig(directory);
        // the tokenizer (JSON and merges, one core) loads while the weights are read (memory copies, the other)
        FutureTask<ClipTokenizer> tokenizerLoad = new FutureTask<>(
                () -> ClipTokenizer.load(directory, architecture.text().contextLength()));
        Thread.ofPlatform().name("duet-tokenizer-load").daemon().start(tokenizerLoad);
        ClipCheckpoint checkpoint = ClipCheckpoint.load(directory);
        ClipConfig config = checkpoint.config();
        ClipTokenizer tokenizer = result(tokenizerLoad);
        if (tokenizer.vocabularySize() > config.text().vocabSize()) {
            throw new BadInputException(directory.resolve("vocab.json"), "vocabulary of " + tokenizer.vocabularySize()
                    + " entries exceeds the model's vocab_size " + config.text().vocabSize());
        }
        return of(checkpoint, tokenizer, preprocessor(directory, config, pipeline));
    }

    /** The tokenizer of the checkpoint in {@code directory}, at its config's context length (no weights are read). */
    public static ClipTokenizer tokenizer(Path directory) {
        return ClipTokenizer.load(directory, ClipCheckpoint.readConfig(directory).text().contextLength());
    }

    /**
     * The image preprocessing of the checkpoint in {@code directory}: its {@code preprocessor_config.json}, or
     * CLIP's defaults at the model's {@code image_size}, in {@code pipeline}'s order.
     */
    public static ImagePreprocessor preprocessor(Path directory, PreprocessingPipeline pipeline) {
        return preprocessor(directory, ClipCheckpoint.readConfig(directory), pipeline);
    }

    private static ImagePreprocessor preprocessor(Path directory, ClipConfig config, PreprocessingPipeline pipeline) {
        int imageSize = config.image().imageSize();
        PreprocessorConfig preprocessing = PreprocessorConfig.forModelDirectory(directory, imageSize);
        if (preprocessing.cropWidth() != imageSize || preprocessing.cropHeight() != imageSize) {
            throw new BadInputException(directory.resolve("preprocessor_config.json"), "crop size "
                    + preprocessing.cropWidth() + "x" + preprocessing.cropHeight() + " differs from the model's image_size "
                    + imageSize);
        }
        return new ImagePreprocessor(preprocessing, pipeline);
    }

    private static <T> T result(FutureTask<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        }
    }

    /** A model of a checkpoint's weights (read, or in memory from a training run), with the tokenizer and preprocessing it uses. */
    public static ClipModel of(ClipCheckpoint checkpoint, ClipTokenizer tokenizer, ImagePreprocessor preprocessor) {
        ClipConfig config = checkpoint.config();
        ImageTower vision = switch (checkpoint.weights().image()) {
            case VisionWeights weights -> new VisionEncoder(config.vision(), weights, config.projectionDim());
            case ResNetWeights weights -> new ResNetEncoder((ResNetConfig) config.image(), weights);
        };
        return new ClipModel(checkpoint, new TextEncoder(config.text(), checkpoint.weights().text(),
                config.projectionDim()), vision, tokenizer, preprocessor);
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.CLIP;
    }

    @Override
    public Path directory() {
        return checkpoint.directory();
    }

    public ClipConfig config() {
        return checkpoint.config();
    }

    public ClipWeights weights() {
        return checkpoint.weights();
    }

    @Override
    public Score.Softmax score() {
        return new Score.Softmax(checkpoint.weights().logitScale());
    }
}
