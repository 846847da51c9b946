/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessedImage;
import dev.duet.image.PreprocessingPipeline;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A loaded dual encoder of either family, with everything that goes from caption and image
 * files to embeddings, scores and explanations: the two towers, the tokenizer, the image
 * preprocessing and the score. What embedding and explaining need is here and the same for
 * every family; what only one family has (CLIP's config and trainable weights) stays on
 * {@link ClipModel}. {@link #load} picks the family from the directory ({@link ModelFamily#of}).
 */
public sealed interface DualEncoder permits ClipModel, SiglipModel, AlignModel {

    ModelFamily family();

    /** The checkpoint directory the model was read from. */
    Path directory();

    TextTower text();

    ImageTower vision();

    Tokenizer tokenizer();

    ImagePreprocessor preprocessor();

    Score score();

    /** The checkpoint in {@code directory}, CLIP's or SigLIP's, its images preprocessed as its own library does. */
    static DualEncoder load(Path directory) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.load(directory);
            case SIGLIP -> SiglipModel.load(directory);
            case ALIGN -> AlignModel.load(directory);
            case SENTENCE_BERT -> throw textOnly(directory);
        };
    }

    /**
     * The checkpoint in {@code directory}, its images preprocessed in {@code pipeline}'s order:
     * a choice CLIP's published code leaves open, which a SigLIP checkpoint (one preprocessing,
     * transformers' {@code SiglipImageProcessor}) refuses.
     */
    static DualEncoder load(Path directory, PreprocessingPipeline pipeline) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.load(directory, pipeline);
            case SIGLIP, ALIGN -> throw noPipelineChoice(directory);
            case SENTENCE_BERT -> throw textOnly(directory);
        };
    }

    /** Only the tokenizer of the checkpoint in {@code directory} (no weights are read). */
    static Tokenizer tokenizer(Path directory) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.tokenizer(directory);
            case SIGLIP -> SiglipModel.tokenizer(directory);
            case ALIGN -> AlignModel.tokenizer(directory);
            case SENTENCE_BERT -> SentenceEncoder.tokenizer(directory);
        };
    }

    /** Only the image preprocessing of the checkpoint in {@code directory}, in its own library's order. */
    static ImagePreprocessor preprocessor(Path directory) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.preprocessor(directory, ClipModel.defaultPipeline(directory));
            case SIGLIP -> SiglipModel.preprocessor(directory);
            case ALIGN -> AlignModel.preprocessor(directory);
            case SENTENCE_BERT -> throw textOnly(directory);
        };
    }

    /** Only the image preprocessing of the checkpoint in {@code directory}, in {@code pipeline}'s order (CLIP only). */
    static ImagePreprocessor preprocessor(Path directory, PreprocessingPipeline pipeline) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.preprocessor(directory, pipeline);
            case SIGLIP, ALIGN -> throw noPipelineChoice(directory);
            case SENTENCE_BERT -> throw textOnly(directory);
        };
    }

    private static BadInputException textOnly(Path directory) {
        return new BadInputException(directory, "a sentence encoder (BERT, text-text): it has no image tower; "
                + "embed --text takes it");
    }

    private static BadInputException noPipelineChoice(Path directory) {
        return new BadInputException(directory, "a SigLIP or ALIGN checkpoint has one image preprocessing "
                + "(transformers' image processor, as its preprocessor_config.json says); the openai and hf orders are "
                + "CLIP's");
    }

    /** The caption as the text tower takes it. */
    default Encoding tokenize(String caption) {
        return tokenizer().encode(caption);
    }

    default PreprocessedImage preprocess(Path image) {
        return preprocessor().preprocess(image);
    }

    /** Raw (unnormalised) text embeddings [B][P]. */
    default float[][] embedTexts(Parallel parallel, List<String> captions) {
        List<int[]> ids = new ArrayList<>(captions.size());
        for (String caption : captions) {
            ids.add(tokenize(caption).ids());
        }
        float[][] embeddings = ids.isEmpty() ? new float[0][] : text().encode(parallel, ids);
        for (int i = 0; i < embeddings.length; i++) {
            if (NonFiniteValues.any(embeddings[i])) {
                throw NonFiniteValues.problem(directory(), "the embedding of caption " + (i + 1),
                        NonFiniteValues.locateText(text(), parallel, ids.get(i)));
            }
        }
        return embeddings;
    }

    /** Raw (unnormalised) image embeddings [B][P]. */
    default float[][] embedImages(Parallel parallel, List<PreprocessedImage> images) {
        List<float[]> pixels = new ArrayList<>(images.size());
        for (PreprocessedImage image : images) {
            pixels.add(image.pixels());
        }
        float[][] embeddings = pixels.isEmpty() ? new float[0][] : vision().encode(parallel, pixels);
        for (int i = 0; i < embeddings.length; i++) {
            if (NonFiniteValues.any(embeddings[i])) {
                throw NonFiniteValues.problem(directory(), "the embedding of image " + (i + 1),
                        NonFiniteValues.locateImage(vision(), parallel, pixels.get(i)));
            }
        }
        return embeddings;
    }
}
