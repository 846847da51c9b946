/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

/**
 * The architecture of a SigLIP dual encoder: a bidirectional text tower pooling its last row
 * ({@link ClipConfig.TextPooling#LAST_ROW}, not causal) and a vision transformer without class
 * row, both of the same width (the embeddings' width).
 */
public record SiglipConfig(ClipConfig.Text text, ClipConfig.Vision vision) {
}
