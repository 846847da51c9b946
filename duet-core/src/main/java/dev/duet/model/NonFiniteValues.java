/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.tensor.Parallel;

import java.nio.file.Path;

/**
 * Finds where a NaN or an infinity first appears in a tower's forward pass, so that a result that is not finite
 * is reported with its origin: the preprocessed image, the embeddings, the output of block l, or the head.
 * Finite but huge weights, or an {@code image_std} near zero, overflow float32 there; the model's files are then
 * the bad input. The search reruns the tower block by block and is paid only when a result is not finite.
 */
public final class NonFiniteValues {

    private NonFiniteValues() {
    }

    public static boolean any(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return true;
            }
        }
        return false;
    }

    /** The first stage of the text tower whose output for {@code ids} is not finite, or null when all are. */
    public static String locateText(TextTower text, Parallel parallel, int[] ids) {
        return switch (text) {
            case TextEncoder transformer -> locateTransformer(transformer, parallel, ids);
            case AlignTextEncoder align -> {
                String where = locateSentence(align.bert(), parallel, ids);
                yield where != null || !any(align.encode(parallel, java.util.List.of(ids))[0]) ? where
                        : "the text projection";
            }
        };
    }

    private static String locateTransformer(TextEncoder text, Parallel parallel, int[] ids) {
        int pooled = text.pooledRow(ids);
        int rows = pooled + 1;
        int width = text.config().width();
        for (int layer = 0; layer <= text.blocks().size(); layer++) {
            float[] state = text.hiddenState(parallel, ids, rows, layer);
            if (any(state)) {
                return layer == 0 ? "the text embeddings (token and position)" : "the output of text block " + (layer - 1);
            }
            if (layer == text.blocks().size()) {
                float[] pooledState = java.util.Arrays.copyOfRange(state, pooled * width, (pooled + 1) * width);
                if (any(text.head().embed(pooledState))) {
                    return "the text head (final layer norm and projection)";
                }
            }
        }
        return null;
    }

    /** The first stage of a BERT tower whose output for one sentence's {@code ids} is not finite, or null when all are. */
    public static String locateSentence(BertTextEncoder tower, Parallel parallel, int[] ids) {
        for (int layer = 0; layer <= tower.blocks().size(); layer++) {
            if (any(tower.hiddenState(parallel, ids, layer))) {
                return layer == 0 ? "the text embeddings (word, position, type and their layer norm)"
                        : "the output of text block " + (layer - 1);
            }
        }
        return null;
    }

    /** The first stage of the image tower whose output for {@code pixels} is not finite, or null when all are. */
    public static String locateImage(ImageTower vision, Parallel parallel, float[] pixels) {
        if (any(pixels)) {
            return "the preprocessed image (image_mean and image_std of preprocessor_config.json)";
        }
        for (int layer = 0; layer <= vision.lastCut(); layer++) {
            if (any(vision.hiddenState(parallel, pixels, layer))) {
                return switch (vision) {
                    case VisionEncoder v -> layer == 0 ? "the patch embeddings (and pre_layrnorm)"
                            : "the output of vision block " + (layer - 1);
                    case ResNetEncoder r -> layer == 0 ? "the ResNet's stem" : "the output of ResNet stage " + layer;
                    case EfficientNetEncoder e -> layer == 0 ? "the EfficientNet's stem"
                            : "the output of EfficientNet stage " + layer;
                };
            }
        }
        if (any(vision.encode(parallel, java.util.List.of(pixels))[0])) {
            return switch (vision) {
                case VisionEncoder v -> "the vision tower's readout (post_layernorm and its pooling)";
                case ResNetEncoder r -> "the ResNet's attention pool";
                case EfficientNetEncoder e -> "the EfficientNet's average pooling";
            };
        }
        return null;
    }

    /** The bad-input error for a result that is not finite, naming the model and where the values first overflow. */
    public static BadInputException problem(Path model, String result, String where) {
        return new BadInputException(model, result + " is not finite (NaN or infinity): it first appears in "
                + (where == null ? "the combination of the two towers (similarity, logit scale)" : where)
                + "; the model's values overflow float32");
    }
}
