package dev.duet.model;

import dev.duet.tensor.Activation;

/**
 * The architecture of a CLIP dual encoder, as read from a checkpoint's config; never inferred
 * from a model's name.
 *
 * @param projectionDim the shared embedding width D
 * @param logitScaleInit exp of this scales cosines to logits when the checkpoint has no logit_scale
 */
public record ClipConfig(Text text, Vision vision, int projectionDim, float logitScaleInit) {

    /** How the text tower picks the row whose state becomes the caption embedding. */
    public enum TextPooling {
        /** the first position holding {@code eosTokenId} */
        FIRST_EOS,
        /** {@code argmax(input_ids)}: the rule of configs carrying the legacy {@code eos_token_id: 2} */
        ARGMAX_ID
    }

    public record Text(int width, int intermediate, int heads, int layers, int contextLength, int vocabSize,
                       Activation activation, float layerNormEps, int bosTokenId, int eosTokenId, TextPooling pooling) {
        public Text {
            requireTower("text", width, intermediate, heads, layers);
            require(contextLength > 1, "text context length must be > 1");
            require(vocabSize > 0, "text vocabulary size must be positive");
            require(layerNormEps > 0, "layer_norm_eps must be positive");
        }

        public int headWidth() {
            return width / heads;
        }
    }

    public record Vision(int width, int intermediate, int heads, int layers, int imageSize, int patchSize,
                         int channels, Activation activation, float layerNormEps) {
        public Vision {
            requireTower("vision", width, intermediate, heads, layers);
            require(patchSize > 0 && imageSize > 0 && imageSize % patchSize == 0,
                    "image_size " + imageSize + " must be a positive multiple of patch_size " + patchSize);
            require(channels == 3, "only 3-channel images are supported, config says " + channels);
            require(layerNormEps > 0, "layer_norm_eps must be positive");
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
        require(projectionDim > 0, "projection_dim must be positive");
    }

    private static void requireTower(String tower, int width, int intermediate, int heads, int layers) {
        require(width > 0 && intermediate > 0 && heads > 0 && layers > 0,
                tower + " sizes must be positive (hidden_size, intermediate_size, num_attention_heads, num_hidden_layers)");
        require(width % heads == 0, tower + " hidden_size " + width + " is not divisible by num_attention_heads " + heads);
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
