/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * CLIP's symmetric contrastive loss with optional hard negatives, and its gradient.
 *
 * <p>B images and B captions (pair i = image i, caption i) are L2-normalised; logits are
 * {@code s * cos(image i, text j)} with {@code s = exp(logitScale)}. The loss is the mean of
 * the image-to-text cross-entropy (each image row, true caption as target) and the
 * text-to-image cross-entropy (each caption column over the B images).
 *
 * <p>Hard negatives (captions that differ from a true one in one attribute) join the
 * image-to-text softmax as N extra text columns, as in NegCLIP (Yuksekgonul et al., ICLR 2023):
 * every image must prefer its own caption to all of them, so an image's true caption must
 * score above the near-miss made from it. They have no image, so they do not enter the
 * text-to-image direction. Counting is reported separately: a hard negative "wins" when its
 * own image scores the true caption higher ({@link RetrievalCounts}).
 *
 * <p>Gradients go back through the cosines and the normalisation ({@link CosineMatrix}). Computed in double.
 */
public final class ContrastiveLoss {

    /**
     * @param dText gradient by the unnormalised text embeddings [B + N][P] (captions, then negatives)
     * @param dImages gradient by the unnormalised image embeddings [B][P]
     * @param dLogitScale gradient by logitScale (the loss depends on it through every logit)
     */
    public record Result(double loss, double imageToTextLoss, double textToImageLoss,
                         float[] dText, float[] dImages, double dLogitScale, RetrievalCounts counts) {
    }

    private ContrastiveLoss() {
    }

    /**
     * @param text [B + N][P] raw text embeddings, the N hard negatives last
     * @param images [B][P] raw image embeddings
     * @param negativeImages [N]: the image whose caption each hard negative was made from
     */
    public static Result evaluate(float[] text, float[] images, int pairs, int[] negativeImages, int dim,
                                  float logitScale) {
        int columns = pairs + negativeImages.length;
        CosineMatrix cosines = CosineMatrix.of(text, images, pairs, columns, dim);
        double scale = Math.exp(logitScale);
        double[] logits = new double[pairs * columns];   // [image][text]
        for (int i = 0; i < logits.length; i++) {
            logits[i] = scale * cosines.values()[i];
        }
        double[] dLogits = new double[logits.length];
        double half = 0.5 / pairs;
        double imageToText = 0;
        for (int i = 0; i < pairs; i++) {
            int row = i * columns;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < columns; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < columns; j++) {
                sum += Math.exp(logits[row + j] - max);
            }
            imageToText += max + Math.log(sum) - logits[row + i];
            for (int j = 0; j < columns; j++) {
                dLogits[row + j] += half * Math.exp(logits[row + j] - max) / sum;
            }
            dLogits[row + i] -= half;
        }
        double textToImage = 0;
        for (int j = 0; j < pairs; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < pairs; i++) {
                max = Math.max(max, logits[i * columns + j]);
            }
            double sum = 0;
            for (int i = 0; i < pairs; i++) {
                sum += Math.exp(logits[i * columns + j] - max);
            }
            textToImage += max + Math.log(sum) - logits[j * columns + j];
            for (int i = 0; i < pairs; i++) {
                dLogits[i * columns + j] += half * Math.exp(logits[i * columns + j] - max) / sum;
            }
            dLogits[j * columns + j] -= half;
        }
        RetrievalCounts counts = RetrievalCounts.of(logits, pairs, negativeImages);
        double dScale = 0;
        double[] dCosines = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            dScale += dLogits[i] * logits[i];
            dCosines[i] = dLogits[i] * scale;
        }
        CosineMatrix.Gradients gradients = cosines.backward(dCosines);
        return new Result(0.5 * (imageToText + textToImage) / pairs, imageToText / pairs, textToImage / pairs,
                gradients.dText(), gradients.dImages(), dScale, counts);
    }
}
