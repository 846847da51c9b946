/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

/**
 * An ALIGN model's shape (transformers' {@code AlignConfig}): the BERT text tower, the EfficientNet
 * image tower and {@code projection_dim}, the width of both embeddings (the text projection's
 * output, and the image tower's last width, which ALIGN pools without a projection).
 */
public record AlignConfig(BertConfig text, EfficientNetConfig vision, int projectionDim) {

    public AlignConfig {
        if (projectionDim != vision.embeddingDim()) {
            throw new IllegalArgumentException("projection_dim " + projectionDim + " differs from the image tower's "
                    + "last width " + vision.embeddingDim() + ": the embeddings could not be compared");
        }
    }
}
