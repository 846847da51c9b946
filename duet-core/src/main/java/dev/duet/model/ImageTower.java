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

    /**
     * The state at a cut: R rows of width D, of which the last gridRows x gridCols are image cells of side
     * cellSize pixels.
     *
     * @param rows     R: the class row (if any) and the cells
     * @param width    D: the state's channels
     * @param gridRows rows of the cell grid
     * @param gridCols columns of the cell grid
     * @param classRow whether row 0 is a class (CLS) row
     * @param cellSize a cell's side in input pixels (a ViT's patch size)
     */
    record Cut(int rows, int width, int gridRows, int gridCols, boolean classRow, int cellSize) {
    }

    /** {@return the input's side in pixels (224 for ViT-B/16)} */
    int imageSize();

    /** {@return P: the width of the embedding} */
    int projectionDim();

    /** {@return the last cut; cuts are 0..lastCut()} */
    int lastCut();

    /** {@return the cut an explanation takes when none is asked for} */
    int defaultCut();

    /**
     * {@return the shape of the state at cut {@code layer}}
     *
     * @param layer a cut, 0..{@link #lastCut()}
     */
    Cut cut(int layer);

    /**
     * {@return the state [R][D] at cut {@code layer} of one image, row-major}
     *
     * @param parallel the threads to run on
     * @param pixels   a preprocessed image, CHW [3][imageSize][imageSize]
     * @param layer    a cut, 0..{@link #lastCut()}
     * @throws dev.duet.BadInputException if {@code layer} is outside 0..{@link #lastCut()}
     */
    float[] hiddenState(Parallel parallel, float[] pixels, int layer);

    /**
     * {@return projected (unnormalised) embeddings [B][P] of a batch of images}
     *
     * @param parallel the threads to run on
     * @param images   B preprocessed images, each CHW [3][imageSize][imageSize]
     */
    float[][] encode(Parallel parallel, List<float[]> images);
}
