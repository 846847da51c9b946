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
 * @param text           the text tower's architecture
 * @param image          the image tower's architecture
 * @param projectionDim  the shared embedding width P
 * @param logitScaleInit exp of this scales cosines to logits when the checkpoint has no logit_scale
 */
public record ClipConfig(Text text, ImageConfig image, int projectionDim, float logitScaleInit) {

    /** The architecture of the image tower: a vision transformer ({@link Vision}) or a ResNet ({@link ResNetConfig}). */
    public sealed interface ImageConfig permits Vision, ResNetConfig {
        /** {@return the input's side in pixels} */
        int imageSize();
    }

    /**
     * {@return the vision transformer's architecture, for what only such a tower supports (training, the
     * HuggingFace layout)}
     *
     * @throws BadInputException if the image tower is a ResNet
     */
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
     * The text tower's architecture.
     *
     * @param width        D: the hidden state's width ({@code hidden_size}), divisible by {@code heads}
     * @param intermediate the MLP's hidden width ({@code intermediate_size})
     * @param heads        attention heads ({@code num_attention_heads})
     * @param layers       blocks ({@code num_hidden_layers}), at most 1024
     * @param contextLength positions, 2..65536 (77 for CLIP)
     * @param vocabSize     token embedding rows
     * @param activation    the MLP's activation
     * @param layerNormEps  the LayerNorms' epsilon, positive
     * @param bosTokenId    the start token's id
     * @param eosTokenId    the end token's id
     * @param pooling       how the row of the caption embedding is picked
     * @param causal        whether a row sees only the rows before it (CLIP) or every row (SigLIP)
     * @param padTokenId    the id a caption is padded with after EOS: EOS itself for CLIP (which
     *                      pads nothing) and SigLIP ({@code </s>}), {@code <pad>} for SigLIP 2's Gemma
     *                      tokenizer; the empty caption that is SigLIP's text reference holds it
     */
    public record Text(int width, int intermediate, int heads, int layers, int contextLength, int vocabSize,
                       Activation activation, float layerNormEps, int bosTokenId, int eosTokenId, TextPooling pooling,
                       boolean causal, int padTokenId) {

        /**
         * CLIP's causal text tower.
         *
         * @param width        D: the hidden state's width ({@code hidden_size}), divisible by {@code heads}
         * @param intermediate the MLP's hidden width ({@code intermediate_size})
         * @param heads        attention heads ({@code num_attention_heads})
         * @param layers       blocks ({@code num_hidden_layers}), at most 1024
         * @param contextLength positions, 2..65536 (77 for CLIP)
         * @param vocabSize     token embedding rows
         * @param activation    the MLP's activation
         * @param layerNormEps  the LayerNorms' epsilon, positive
         * @param bosTokenId    the start token's id
         * @param eosTokenId    the end token's id
         * @param pooling       how the row of the caption embedding is picked
         * @throws IllegalArgumentException as the canonical constructor
         */
        public Text(int width, int intermediate, int heads, int layers, int contextLength, int vocabSize,
                    Activation activation, float layerNormEps, int bosTokenId, int eosTokenId, TextPooling pooling) {
            this(width, intermediate, heads, layers, contextLength, vocabSize, activation, layerNormEps, bosTokenId,
                    eosTokenId, pooling, true);
        }

        /**
         * A tower that pads with EOS.
         *
         * @param width        D: the hidden state's width ({@code hidden_size}), divisible by {@code heads}
         * @param intermediate the MLP's hidden width ({@code intermediate_size})
         * @param heads        attention heads ({@code num_attention_heads})
         * @param layers       blocks ({@code num_hidden_layers}), at most 1024
         * @param contextLength positions, 2..65536 (77 for CLIP)
         * @param vocabSize     token embedding rows
         * @param activation    the MLP's activation
         * @param layerNormEps  the LayerNorms' epsilon, positive
         * @param bosTokenId    the start token's id
         * @param eosTokenId    the end token's id, also the padding id
         * @param pooling       how the row of the caption embedding is picked
         * @param causal        whether a row sees only the rows before it (CLIP) or every row (SigLIP)
         * @throws IllegalArgumentException as the canonical constructor
         */
        public Text(int width, int intermediate, int heads, int layers, int contextLength, int vocabSize,
                    Activation activation, float layerNormEps, int bosTokenId, int eosTokenId, TextPooling pooling,
                    boolean causal) {
            this(width, intermediate, heads, layers, contextLength, vocabSize, activation, layerNormEps, bosTokenId,
                    eosTokenId, pooling, causal, eosTokenId);
        }

        /**
         * Checks the sizes against bounds far above any published CLIP.
         *
         * @throws IllegalArgumentException if a size is not positive or too large, the width is not divisible by
         *         the heads, or epsilon is not finite and positive
         */
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

        /**
         * This tower padding with another id.
         *
         * @param id the padding id, in 0..vocabSize
         * @return the same tower with {@code padTokenId} {@code id}
         * @throws IllegalArgumentException if the id is outside the vocabulary
         */
        public Text withPadTokenId(int id) {
            return new Text(width, intermediate, heads, layers, contextLength, vocabSize, activation, layerNormEps,
                    bosTokenId, eosTokenId, pooling, causal, id);
        }

        /** {@return one attention head's width: width / heads} */
        public int headWidth() {
            return width / heads;
        }
    }

    /**
     * A vision transformer's architecture.
     *
     * @param width        D: the hidden state's width ({@code hidden_size}), divisible by {@code heads}
     * @param intermediate the MLP's hidden width ({@code intermediate_size})
     * @param heads        attention heads ({@code num_attention_heads})
     * @param layers       blocks ({@code num_hidden_layers}), at most 1024
     * @param imageSize    the input's side in pixels, a multiple of {@code patchSize}
     * @param patchSize    a patch's side in pixels
     * @param channels     input channels, 3
     * @param activation   the MLP's activation
     * @param layerNormEps the LayerNorms' epsilon, positive
     */
    public record Vision(int width, int intermediate, int heads, int layers, int imageSize, int patchSize,
                         int channels, Activation activation, float layerNormEps) implements ImageConfig {
        /**
         * Checks the sizes against bounds far above any published CLIP.
         *
         * @throws IllegalArgumentException if a size is not positive or too large, the image is not a whole number of
         *         patches, there are not 3 channels, or epsilon is not finite and positive
         */
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

        /** {@return patches per side: imageSize / patchSize} */
        public int gridSize() {
            return imageSize / patchSize;
        }

        /** {@return the state's rows: CLS plus the patches} */
        public int rows() {
            return 1 + gridSize() * gridSize();
        }

        /** {@return one attention head's width: width / heads} */
        public int headWidth() {
            return width / heads;
        }
    }

    /**
     * Checks the shared sizes.
     *
     * @throws IllegalArgumentException if the projection width is outside 1..65536 or the logit scale is not finite
     */
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
