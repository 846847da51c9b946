/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessorConfig;
import dev.duet.tokenizer.WordPieceTokenizer;

import java.nio.file.Path;

/**
 * A loaded ALIGN checkpoint in transformers' layout ({@link AlignLayout}): the BERT text tower with
 * its projection, the EfficientNet image tower, BERT's WordPiece tokenizer over {@code vocab.txt}
 * (captions cut to the tower's positions), the {@code EfficientNetImageProcessor} preprocessing,
 * and the score {@code cos / temperature}, a softmax over a batch as CLIP's (its logit scale is
 * {@code -ln(temperature)}).
 *
 * @param temperature the checkpoint's {@code temperature}: logits are cosines divided by it
 */
public record AlignModel(Path directory, AlignConfig config, AlignTextEncoder text, EfficientNetEncoder vision,
                         WordPieceTokenizer tokenizer, ImagePreprocessor preprocessor, float temperature)
        implements DualEncoder {

    /**
     * The checkpoint in {@code directory}. Refused in one line naming the file: a config that is
     * not ALIGN's or mixes in another family's keys, a preprocessing it cannot reproduce, a
     * vocabulary without {@code [UNK]} or larger than the tower's, missing or misshapen tensors.
     */
    public static AlignModel load(Path directory) {
        PreprocessorConfig preprocessing = AlignLayout.readPreprocessor(directory);
        AlignConfig config = config(directory, preprocessing);
        WordPieceTokenizer tokenizer = BertLayout.readTokenizer(directory, config.text().positions(), config.text());
        AlignLayout.Towers towers = AlignLayout.readTowers(directory, config, tokenizer.padId());
        CheckpointFiles.checkLogitScale(directory.resolve(AlignLayout.WEIGHTS), logitScale(towers.temperature()));
        return new AlignModel(directory, config, towers.text(), towers.vision(), tokenizer,
                new ImagePreprocessor(preprocessing), towers.temperature());
    }

    private static AlignConfig config(Path directory, PreprocessorConfig preprocessing) {
        return AlignLayout.readConfig(directory.resolve(AlignLayout.CONFIG), AlignLayout.modelInput(preprocessing));
    }

    /** The tokenizer of the checkpoint in {@code directory} (no weights are read). */
    public static WordPieceTokenizer tokenizer(Path directory) {
        AlignConfig config = config(directory, AlignLayout.readPreprocessor(directory));
        return BertLayout.readTokenizer(directory, config.text().positions(), config.text());
    }

    /** The image preprocessing of the checkpoint in {@code directory} (no weights are read). */
    public static ImagePreprocessor preprocessor(Path directory) {
        PreprocessorConfig preprocessing = AlignLayout.readPreprocessor(directory);
        config(directory, preprocessing);
        return new ImagePreprocessor(preprocessing);
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.ALIGN;
    }

    @Override
    public Score.Softmax score() {
        return new Score.Softmax(logitScale(temperature));
    }

    /** The logit scale of {@code cos / temperature}: {@code -ln(temperature)}. */
    private static float logitScale(float temperature) {
        return (float) -Math.log(temperature);
    }
}
