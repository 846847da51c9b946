/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kind of dual encoder a checkpoint directory holds, which decides its files, tokenizer,
 * image preprocessing and score. Spelled {@code clip}, {@code siglip}, {@code align} and {@code sentence-bert}
 * ({@link dev.duet.Spelling}) in every JSON Duet writes.
 */
public enum ModelFamily {
    /** OpenAI's CLIP and open_clip's models: HuggingFace or open_clip layout, byte-level BPE, softmax score. */
    CLIP,
    /** SigLIP (and SigLIP 2 at a fixed resolution): transformers' layout, SentencePiece, sigmoid score. */
    SIGLIP,
    /**
     * Google's ALIGN in transformers' layout ({@link AlignModel}): an EfficientNet image tower, a
     * BERT text tower with a projection, WordPiece, softmax score {@code cos / temperature}.
     */
    ALIGN,
    /**
     * A text-text dual encoder: a sentence-transformers BERT model ({@link SentenceEncoder}), both
     * texts through one tower; WordPiece, cosine score. No image tower, so no {@link DualEncoder}.
     */
    SENTENCE_BERT;

    /**
     * The family of the checkpoint in {@code directory}: SigLIP when its {@code config.json} has
     * {@code model_type} siglip or siglip2 (SigLIP 2's NaFlex, which SigLIP's loader then refuses
     * in one line), ALIGN when align, a sentence encoder when bert, else CLIP (a
     * {@code config.json} of another type, or open_clip's layout, whose loader then says what is missing).
     *
     * @param directory a checkpoint folder
     * @return the checkpoint's family
     * @throws BadInputException if {@code directory} is not a folder or its {@code config.json} is not valid JSON
     */
    public static ModelFamily of(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory, "not a model directory");
        }
        Path config = directory.resolve(HuggingFaceLayout.CONFIG);
        if (!Files.exists(config)) {
            return CLIP;
        }
        JsonConfig json = CheckpointFiles.readJson(config);
        return SiglipLayout.isSiglip(json) ? SIGLIP : AlignLayout.isAlign(json) ? ALIGN
                : BertLayout.isBert(json) ? SENTENCE_BERT : CLIP;
    }
}
