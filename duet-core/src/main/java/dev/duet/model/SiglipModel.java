/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessorConfig;
import dev.duet.tokenizer.GemmaTokenizer;
import dev.duet.tokenizer.SentencePieceTokenizer;
import dev.duet.tokenizer.SiglipTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded SigLIP checkpoint in transformers' layout ({@code config.json}, {@code model.safetensors},
 * {@code spiece.model}, and optionally {@code tokenizer_config.json} and
 * {@code preprocessor_config.json}): its towers, its sigmoid score, transformers'
 * {@code SiglipTokenizer} over its SentencePiece model, padding every caption to the text tower's
 * length, and its {@code SiglipImageProcessor}. A fixed-resolution SigLIP 2 checkpoint is the same
 * with Gemma's {@code tokenizer.model} instead of {@code spiece.model}, read as
 * {@link GemmaTokenizer} when {@code tokenizer_config.json} names a Gemma tokenizer.
 *
 * @param directory the checkpoint's directory; for towers held in memory (weights being trained), the name the
 *                  model goes by in what it writes
 */
public record SiglipModel(Path directory, SiglipTowers towers, SentencePieceTokenizer tokenizer,
                          ImagePreprocessor preprocessor) implements DualEncoder {

    static final String SENTENCEPIECE_MODEL = "spiece.model";
    /** SigLIP 2's tokenizer file (Gemma's SentencePiece model, with Gemma's own text preparation). */
    private static final String GEMMA_MODEL = "tokenizer.model";
    private static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    private static final String TOKENIZER_CLASS = "SiglipTokenizer";

    /**
     * The checkpoint in {@code directory}. Refused: a NaFlex or otherwise foreign {@code config.json},
     * a missing, foreign or truncated SentencePiece model, Gemma settings Duet cannot hold
     * ({@code GemmaSettings}), a tokenizer whose vocabulary the text tower has no rows for, or whose
     * EOS is not the config's {@code eos_token_id} (the id Duet's text reference starts with). The
     * text config's {@code padTokenId} is the tokenizer's.
     */
    public static SiglipModel load(Path directory) {
        SiglipConfig config = SiglipLayout.readConfig(directory.resolve(SiglipLayout.CONFIG));
        SentencePieceTokenizer tokenizer = tokenizer(directory, config);
        ClipConfig.Text text = config.text();
        Path configFile = directory.resolve(SiglipLayout.CONFIG);
        if (tokenizer.vocabularySize() > text.vocabSize()) {
            throw new BadInputException(tokenizer.model().file(), "vocabulary of "
                    + tokenizer.vocabularySize() + " pieces exceeds the model's vocab_size " + text.vocabSize());
        }
        if (text.eosTokenId() != tokenizer.eosId()) {
            throw new BadInputException(configFile, "text_config.eos_token_id " + text.eosTokenId() + " is not "
                    + tokenizer.model().file().getFileName() + "'s EOS (" + tokenizer.eosId() + ")");
        }
        if (text.bosTokenId() < 0 || text.bosTokenId() >= text.vocabSize()) {
            throw new BadInputException(configFile, "text_config.bos_token_id " + text.bosTokenId()
                    + " is outside the vocab_size " + text.vocabSize());
        }
        ImagePreprocessor preprocessor = preprocessor(directory, config);
        // the tokenizer says what a caption is padded with (config.json's pad_token_id is often a default)
        SiglipConfig padded = new SiglipConfig(text.withPadTokenId(tokenizer.padId()), config.vision());
        return new SiglipModel(directory, SiglipTowers.load(directory, padded), tokenizer, preprocessor);
    }

    /** The checkpoint's config.json, read alone (no weights, no tokenizer). */
    public static SiglipConfig config(Path directory) {
        return SiglipLayout.readConfig(directory.resolve(SiglipLayout.CONFIG));
    }

    /**
     * The tokenizer of the checkpoint in {@code directory} (no weights are read): SigLIP's
     * {@code spiece.model} with transformers' SigLIP text preparation, lower-casing as
     * {@code tokenizer_config.json}'s {@code do_lower_case} says (on when absent), or SigLIP 2's
     * Gemma {@code tokenizer.model} when {@code tokenizer_config.json} names a Gemma tokenizer
     * ({@code GemmaTokenizer}, {@code GemmaTokenizerFast}, or transformers 5's lower-casing
     * {@code Siglip2Tokenizer}; {@link #tokenizerFile}); padded to the text config's
     * {@code max_position_embeddings}.
     */
    public static SentencePieceTokenizer tokenizer(Path directory) {
        return tokenizer(directory, SiglipLayout.readConfig(directory.resolve(SiglipLayout.CONFIG)));
    }

    /**
     * The SentencePiece model file the checkpoint's tokenizer reads: {@code tokenizer.model} when
     * {@code tokenizer_config.json} names a Gemma tokenizer (SigLIP 2), else {@code spiece.model}.
     */
    public static Path tokenizerFile(Path directory) {
        Path settings = directory.resolve(TOKENIZER_CONFIG);
        boolean gemma = Files.exists(settings) && GemmaSettings.isGemma(CheckpointFiles.readJson(settings));
        return directory.resolve(gemma ? GEMMA_MODEL : SENTENCEPIECE_MODEL);
    }

    /** The tokenizer of {@code directory}'s SentencePiece model for a model of {@code config} (whose config.json may not be there yet). */
    public static SentencePieceTokenizer tokenizer(Path directory, SiglipConfig config) {
        Path model = directory.resolve(SENTENCEPIECE_MODEL);
        Path settings = directory.resolve(TOKENIZER_CONFIG);
        JsonConfig json = Files.exists(settings) ? CheckpointFiles.readJson(settings) : null;
        int contextLength = config.text().contextLength();
        if (json != null && GemmaSettings.isGemma(json)) {
            return GemmaTokenizer.read(directory.resolve(GEMMA_MODEL), GemmaSettings.options(json, contextLength));
        }
        if (!Files.exists(model) && Files.exists(directory.resolve(GEMMA_MODEL))) {
            throw new BadInputException(settings, (json == null ? "file not found" : "tokenizer_class is not "
                    + "GemmaTokenizer") + "; " + GEMMA_MODEL + " (SigLIP 2's Gemma tokenizer) is read when "
                    + TOKENIZER_CONFIG + " names GemmaTokenizer, as SigLIP 2's does");
        }
        boolean lowerCase = true;
        if (json != null) {
            String type = json.text("tokenizer_class", TOKENIZER_CLASS);
            if (!type.equals(TOKENIZER_CLASS)) {
                throw new BadInputException(settings, "tokenizer_class '" + type + "': Duet tokenizes SigLIP captions "
                        + "as transformers' " + TOKENIZER_CLASS + " does (over " + SENTENCEPIECE_MODEL
                        + "), and SigLIP 2's as GemmaTokenizer (over " + GEMMA_MODEL + ")");
            }
            lowerCase = json.bool("do_lower_case", true);
        }
        return SiglipTokenizer.read(model, new SiglipTokenizer.Options(lowerCase, contextLength));
    }

    /**
     * The directory's image preprocessing: its {@code preprocessor_config.json} (a
     * {@code SiglipImageProcessor}'s fixed height x width resize, or any size the file names), or
     * {@link PreprocessorConfig#siglipDefaults} at the vision config's {@code image_size} when it has
     * none; refused when the model input it gives is not {@code image_size} square.
     */
    public static ImagePreprocessor preprocessor(Path directory) {
        return preprocessor(directory, SiglipLayout.readConfig(directory.resolve(SiglipLayout.CONFIG)));
    }

    private static ImagePreprocessor preprocessor(Path directory, SiglipConfig siglip) {
        int imageSize = siglip.vision().imageSize();
        Path file = directory.resolve("preprocessor_config.json");
        PreprocessorConfig config = Files.exists(file) ? PreprocessorConfig.load(file)
                : PreprocessorConfig.siglipDefaults(imageSize);
        if (config.cropWidth() != imageSize || config.cropHeight() != imageSize) {
            throw new BadInputException(file, "model input " + config.cropWidth() + "x" + config.cropHeight()
                    + " differs from the model's image_size " + imageSize);
        }
        return new ImagePreprocessor(config);
    }

    @Override
    public ModelFamily family() {
        return ModelFamily.SIGLIP;
    }

    @Override
    public TextEncoder text() {
        return towers.text();
    }

    @Override
    public VisionEncoder vision() {
        return towers.vision();
    }

    @Override
    public Score.Sigmoid score() {
        return towers.score();
    }

    public SiglipConfig config() {
        return new SiglipConfig(towers.text().config(), towers.vision().config());
    }
}
