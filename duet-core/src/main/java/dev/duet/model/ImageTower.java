/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * An image tower Duet runs and explains: a vision transformer, CLIP's or SigLIP's
 * ({@link VisionEncoder}), CLIP's ResNet ({@link ResNetEncoder}) or ALIGN's EfficientNet
 * ({@link EfficientNetEncoder}). An explanation cuts the tower at a state [R][D]: for the
 * transformer the input of block l (rows: CLS, then the patches), for the convolutional towers the
 * map after stage l (rows: the map's positions, no class row).
 */
public sealed interface ImageTower permits VisionEncoder, ResNetEncoder, EfficientNetEncoder {

    /** The state at a cut: R rows of width D, of which the last gridRows x gridCols are image cells of side cellSize pixels. */
    record Cut(int rows, int width, int gridRows, int gridCols, boolean classRow, int cellSize) {
    }

    int imageSize();

    int projectionDim();

    /** The last cut; cuts are 0..lastCut(). */
    int lastCut();

    /** The cut an explanation takes when none is asked for. */
    int defaultCut();

    Cut cut(int layer);

    /** The state [R][D] at cut {@code layer} of one CHW image. */
    float[] hiddenState(Parallel parallel, float[] pixels, int layer);

    /** Projected (unnormalised) embeddings [B][P] of a batch of CHW images. */
    float[][] encode(Parallel parallel, List<float[]> images);
}
