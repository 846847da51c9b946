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

    /** {@return the model's family: CLIP or SigLIP} */
    ModelFamily family();

    /** {@return the checkpoint directory the model was read from} */
    Path directory();

    /** {@return the text tower: token ids to a raw embedding, and the blocks explanations cut} */
    TextTower text();

    /** {@return the image tower: a preprocessed image to a raw embedding, and its cuts} */
    ImageTower vision();

    /** {@return the tokenizer the checkpoint was trained with} */
    Tokenizer tokenizer();

    /** {@return the image preprocessing: decoding, resizing, cropping and normalising as the checkpoint's library does} */
    ImagePreprocessor preprocessor();

    /** {@return how the model turns a pair's cosine into its logit} */
    Score score();

    /**
     * Loads a checkpoint, its images preprocessed as its own library does.
     *
     * @param directory a checkpoint folder, CLIP's (HuggingFace or open_clip layout) or SigLIP's
     * @return the loaded model
     * @throws BadInputException if the folder is missing, holds a sentence encoder (no image tower), or a
     *         file of the checkpoint is missing or malformed
     */
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
     *
     * @param directory a CLIP checkpoint folder
     * @param pipeline  the order of the image preprocessing
     * @return the loaded model
     * @throws BadInputException if the checkpoint cannot be loaded, or is a SigLIP's or a sentence encoder's
     */
    static DualEncoder load(Path directory, PreprocessingPipeline pipeline) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.load(directory, pipeline);
            case SIGLIP, ALIGN -> throw noPipelineChoice(directory);
            case SENTENCE_BERT -> throw textOnly(directory);
        };
    }

    /**
     * Reads only the tokenizer of a checkpoint (no weights are read).
     *
     * @param directory a checkpoint folder of any family, sentence encoders included
     * @return its tokenizer
     * @throws BadInputException if the folder or its tokenizer files are missing or malformed
     */
    static Tokenizer tokenizer(Path directory) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.tokenizer(directory);
            case SIGLIP -> SiglipModel.tokenizer(directory);
            case ALIGN -> AlignModel.tokenizer(directory);
            case SENTENCE_BERT -> SentenceEncoder.tokenizer(directory);
        };
    }

    /**
     * Reads only the image preprocessing of a checkpoint, in its own library's order (no weights are read).
     *
     * @param directory a CLIP or SigLIP checkpoint folder
     * @return its image preprocessing
     * @throws BadInputException if the folder or its preprocessing settings are missing or malformed, or it
     *         holds a sentence encoder
     */
    static ImagePreprocessor preprocessor(Path directory) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> ClipModel.preprocessor(directory, ClipModel.defaultPipeline(directory));
            case SIGLIP -> SiglipModel.preprocessor(directory);
            case ALIGN -> AlignModel.preprocessor(directory);
            case SENTENCE_BERT -> throw textOnly(directory);
        };
    }

    /**
     * Reads only the image preprocessing of a CLIP checkpoint, in {@code pipeline}'s order.
     *
     * @param directory a CLIP checkpoint folder
     * @param pipeline  the order of the image preprocessing
     * @return its image preprocessing
     * @throws BadInputException if the folder or its preprocessing settings are missing or malformed, or it is
     *         not a CLIP checkpoint
     */
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

    /**
     * {@return the caption as the text tower takes it, cut to its context length}
     *
     * @param caption any text, not null
     */
    default Encoding tokenize(String caption) {
        return tokenizer().encode(caption);
    }

    /**
     * Decodes and preprocesses an image file as the checkpoint's library does.
     *
     * @param image a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @return the model's input and the crop it came from
     * @throws BadInputException if the file is missing, unreadable, not an image, damaged or too large to decode
     */
    default PreprocessedImage preprocess(Path image) {
        return preprocessor().preprocess(image);
    }

    /**
     * Embeds captions.
     *
     * @param parallel the threads to run on
     * @param captions B captions, each tokenized as {@link #tokenize} does
     * @return raw (unnormalised) text embeddings [B][P], P the projection width
     * @throws BadInputException if an embedding is not finite (a broken checkpoint); the message names the
     *         first layer where it stops being finite
     */
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

    /**
     * Embeds preprocessed images.
     *
     * @param parallel the threads to run on
     * @param images   B images, preprocessed by {@link #preprocessor()}
     * @return raw (unnormalised) image embeddings [B][P], P the projection width
     * @throws BadInputException if an embedding is not finite (a broken checkpoint)
     */
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
