/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * A dual encoder's text tower: CLIP's and SigLIP's transformer ({@link TextEncoder}) or ALIGN's
 * BERT with its projection ({@link AlignTextEncoder}). An explanation cuts it at the input of a
 * block (0..layers(), layers() = after the last block).
 */
public sealed interface TextTower permits TextEncoder, AlignTextEncoder {

    /** Blocks of the tower. */
    int layers();

    int projectionDim();

    /** Raw (unnormalised) embeddings [B][P] of unpadded id sequences. */
    float[][] encode(Parallel parallel, List<int[]> ids);
}
