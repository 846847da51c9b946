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

    /** {@return the blocks of the tower: the cuts are 0..layers()} */
    int layers();

    /** {@return P: the width of the embedding} */
    int projectionDim();

    /**
     * {@return raw (unnormalised) embeddings [B][P] of unpadded id sequences}
     *
     * @param parallel the threads to run on
     * @param ids      B token sequences, each not empty and at most the tower's context length
     */
    float[][] encode(Parallel parallel, List<int[]> ids);
}
