/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * SigLIP's pairwise sigmoid loss and its gradient (Zhai et al., ICCV 2023): B images and B
 * captions (pair i = image i, caption i), L2-normalised, give logits
 * {@code z_ij = exp(logitScale) * cos(image i, text j) + logitBias}, and each of the B x B pairs
 * is its own binary decision with label {@code y_ij = +1} on the diagonal, {@code -1} elsewhere:
 * {@code L = -(1/B) sum_ij log sigmoid(y_ij z_ij)}. Hard negatives (captions without an image of
 * their own) add B x N pairs labelled -1. Gradients go back through the cosines and the
 * normalisation ({@link CosineMatrix}) to the raw embeddings, and to the scale and bias. Computed in double.
 */
public final class SigmoidLoss {

    /**
     * @param dText gradient by the raw text embeddings [B + N][P] (captions, then negatives)
     * @param dImages gradient by the raw image embeddings [B][P]
     * @param positivesAbove pairs on the diagonal with z > 0 (a positive judged as one)
     * @param negativesBelow off-diagonal pairs with z < 0
     * @param counts         how the logits rank the pairs
     */
    public record Result(double loss, float[] dText, float[] dImages, double dLogitScale, double dLogitBias,
                         int positivesAbove, int negativesBelow, RetrievalCounts counts) {
    }

    private SigmoidLoss() {
    }

    /**
     * @param text   [B + N][P] raw text embeddings, the N hard negatives last
     * @param images [B][P] raw image embeddings
     * @param negativeImages [N]: the image whose caption each hard negative was made from
     */
    public static Result evaluate(float[] text, float[] images, int pairs, int[] negativeImages, int dim,
                                  float logitScale, float logitBias) {
        int columns = pairs + negativeImages.length;
        CosineMatrix cosines = CosineMatrix.of(text, images, pairs, columns, dim);
        double scale = Math.exp(logitScale);
        double loss = 0;
        double dScale = 0;
        double dBias = 0;
        int positivesAbove = 0;
        int negativesBelow = 0;
        double[] dCosines = new double[pairs * columns];
        double[] logits = new double[pairs * columns];   // [image][text]
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < columns; j++) {
                double cosine = cosines.values()[i * columns + j];
                double z = scale * cosine + logitBias;
                logits[i * columns + j] = z;
                double label = i == j ? 1 : -1;
                // -log sigmoid(y z) = softplus(-y z), computed without overflow
                double margin = -label * z;
                loss += Math.max(margin, 0) + Math.log1p(Math.exp(-Math.abs(margin)));
                // d/dz softplus(-y z) = -y sigmoid(-y z)
                double dz = -label / (1 + Math.exp(-margin)) / pairs;
                if (i == j && z > 0) {
                    positivesAbove++;
                } else if (i != j && z < 0) {
                    negativesBelow++;
                }
                dBias += dz;
                dScale += dz * scale * cosine;
                dCosines[i * columns + j] = dz * scale;
            }
        }
        CosineMatrix.Gradients gradients = cosines.backward(dCosines);
        return new Result(loss / pairs, gradients.dText(), gradients.dImages(), dScale, dBias, positivesAbove,
                negativesBelow, RetrievalCounts.of(logits, pairs, negativeImages));
    }
}
