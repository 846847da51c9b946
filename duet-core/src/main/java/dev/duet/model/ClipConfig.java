/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.tensor.Activation;

/**
 * The architecture of a CLIP dual encoder, as read from a checkpoint's config; never inferred
 * from a model's name.
 *
 * @param projectionDim the shared embedding width D
 * @param logitScaleInit exp of this scales cosines to logits when the checkpoint has no logit_scale
 */
public record ClipConfig(Text text, ImageConfig image, int projectionDim, float logitScaleInit) {

    /** The architecture of the image tower: a vision transformer ({@link Vision}) or a ResNet ({@link ResNetConfig}). */
    public sealed interface ImageConfig permits Vision, ResNetConfig {
        int imageSize();
    }

    /** The vision transformer's architecture, for what only such a tower supports (training, the HuggingFace layout). */
    public Vision vision() {
        if (image instanceof Vision vision) {
            return vision;
        }
        throw new BadInputException(null, "this needs a vision-transformer image tower; the model's is a ResNet");
    }

    // Bounds far above any published CLIP (ViT-bigG: width 1664, 48 layers, 257 rows; text: 32 layers, 77 tokens),
    // so that a config cannot ask for billions of blocks or rows before the weights file is consulted: every
    // tensor a config implies is then checked against the file's own header before it is allocated.
    static final int MAX_LAYERS = 1024;
    static final int MAX_WIDTH = 1 << 16;
    static final int MAX_CONTEXT = 1 << 16;
    static final int MAX_VOCABULARY = 1 << 24;
    static final int MAX_IMAGE_SIZE = 1 << 13;
    static final int MAX_ROWS = 1 << 16;

    /** How the text tower picks the row whose state becomes the caption embedding. */
    public enum TextPooling {
        /** the first position holding {@code eosTokenId} */
        FIRST_EOS,
        /** {@code argmax(input_ids)}: the rule of configs carrying the legacy {@code eos_token_id: 2} */
        ARGMAX_ID,
        /** the last row of the (fixed-length, padded) sequence: SigLIP's */
        LAST_ROW
    }

    /**
     * @param causal     whether a row sees only the rows before it (CLIP) or every row (SigLIP)
     * @param padTokenId the id a caption is padded with after EOS: EOS itself for CLIP (which
     *                   pads nothing) and SigLIP ({@code </s>}), {@code <pad>} for SigLIP 2's Gemma
     *                   tokenizer; the empty caption that is SigLIP's text reference holds it
     */
    public record Text(int width, int intermediate, int heads, int layers, int contextLength, int vocabSize,
                       Activation activation, float layerNormEps, int bosTokenId, int eosTokenId, TextPooling pooling,
                       boolean causal, int padTokenId) {

        /** CLIP's causal text tower. */
        public Text(int width, int intermediate, int heads, int layers, int contextLength, int vocabSize,
                    Activation activation, float layerNormEps, int bosTokenId, int eosTokenId, TextPooling pooling) {
            this(width, intermediate, heads, layers, contextLength, vocabSize, activation, layerNormEps, bosTokenId,
                    eosTokenId, pooling, true);
        }

        /** A tower that pads with EOS. */
        public Text(int width, int intermediate, int heads, int layers, int contextLength, int vocabSize,
                    Activation activation, float layerNormEps, int bosTokenId, int eosTokenId, TextPooling pooling,
                    boolean causal) {
            this(width, intermediate, heads, layers, contextLength, vocabSize, activation, layerNormEps, bosTokenId,
                    eosTokenId, pooling, causal, eosTokenId);
        }

        public Text {
            requireTower("text", width, intermediate, heads, layers);
            require(contextLength > 1 && contextLength <= MAX_CONTEXT, "text context length must be in 2.." + MAX_CONTEXT
                    + ", got " + contextLength);
            require(vocabSize > 0 && vocabSize <= MAX_VOCABULARY, "text vocabulary size must be in 1.." + MAX_VOCABULARY
                    + ", got " + vocabSize);
            require(layerNormEps > 0 && Float.isFinite(layerNormEps), "layer_norm_eps must be finite and positive");
            require(padTokenId >= 0 && padTokenId < vocabSize, "pad_token_id " + padTokenId
                    + " is outside the vocab_size " + vocabSize);
        }

        /** This tower padding with {@code id}. */
        public Text withPadTokenId(int id) {
            return new Text(width, intermediate, heads, layers, contextLength, vocabSize, activation, layerNormEps,
                    bosTokenId, eosTokenId, pooling, causal, id);
        }

        public int headWidth() {
            return width / heads;
        }
    }

    public record Vision(int width, int intermediate, int heads, int layers, int imageSize, int patchSize,
                         int channels, Activation activation, float layerNormEps) implements ImageConfig {
        public Vision {
            requireTower("vision", width, intermediate, heads, layers);
            require(patchSize > 0 && imageSize > 0 && imageSize <= MAX_IMAGE_SIZE && imageSize % patchSize == 0,
                    "image_size " + imageSize + " must be a multiple of patch_size " + patchSize + " in 1.." + MAX_IMAGE_SIZE);
            long grid = imageSize / patchSize;
            require(1 + grid * grid <= MAX_ROWS, "image_size / patch_size gives " + grid + " x " + grid
                    + " patches, more than " + MAX_ROWS);
            require(channels == 3, "only 3-channel images are supported, config says " + channels);
            require(layerNormEps > 0 && Float.isFinite(layerNormEps), "layer_norm_eps must be finite and positive");
        }

        public int gridSize() {
            return imageSize / patchSize;
        }

        /** CLS plus patches. */
        public int rows() {
            return 1 + gridSize() * gridSize();
        }

        public int headWidth() {
            return width / heads;
        }
    }

    public ClipConfig {
        require(projectionDim > 0 && projectionDim <= MAX_WIDTH, "projection_dim must be in 1.." + MAX_WIDTH
                + ", got " + projectionDim);
        require(Float.isFinite(logitScaleInit), "logit_scale_init_value must be finite");
    }

    private static void requireTower(String tower, int width, int intermediate, int heads, int layers) {
        require(width > 0 && intermediate > 0 && heads > 0 && layers > 0,
                tower + " sizes must be positive (hidden_size, intermediate_size, num_attention_heads, num_hidden_layers)");
        require(width <= MAX_WIDTH && intermediate <= 4 * MAX_WIDTH && layers <= MAX_LAYERS, tower + " sizes are "
                + "too large: hidden_size " + width + " (at most " + MAX_WIDTH + "), intermediate_size " + intermediate
                + " (at most " + 4 * MAX_WIDTH + "), num_hidden_layers " + layers + " (at most " + MAX_LAYERS + ")");
        require(width % heads == 0, tower + " hidden_size " + width + " is not divisible by num_attention_heads " + heads);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
