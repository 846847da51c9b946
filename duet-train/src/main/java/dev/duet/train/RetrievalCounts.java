/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * How a batch's logits rank its pairs, whichever loss they feed: an image is right when its own
 * caption has its row's highest logit, a caption when its own image has its column's highest
 * (over the B images; hard negatives have no image), and a hard negative "loses" (a win for the
 * model) when its image scores the true caption higher than it.
 */
public record RetrievalCounts(int imageToTextCorrect, int textToImageCorrect, int hardNegativeWins, int hardNegatives) {

    /**
     * @param logits         [B][B + N], image rows, the N hard-negative columns last
     * @param negativeImages [N]: the image whose caption each hard negative was made from
     */
    public static RetrievalCounts of(double[] logits, int pairs, int[] negativeImages) {
        int columns = pairs + negativeImages.length;
        int imageToText = 0;
        for (int i = 0; i < pairs; i++) {
            int best = 0;
            for (int j = 1; j < columns; j++) {
                if (logits[i * columns + j] > logits[i * columns + best]) {
                    best = j;
                }
            }
            imageToText += best == i ? 1 : 0;
        }
        int textToImage = 0;
        for (int j = 0; j < pairs; j++) {
            int best = 0;
            for (int i = 1; i < pairs; i++) {
                if (logits[i * columns + j] > logits[best * columns + j]) {
                    best = i;
                }
            }
            textToImage += best == j ? 1 : 0;
        }
        int wins = 0;
        for (int n = 0; n < negativeImages.length; n++) {
            int image = negativeImages[n];
            if (image < 0 || image >= pairs) {
                throw new IllegalArgumentException("hard negative " + n + " names image " + image + " of " + pairs);
            }
            wins += logits[image * columns + image] > logits[image * columns + pairs + n] ? 1 : 0;
        }
        return new RetrievalCounts(imageToText, textToImage, wins, negativeImages.length);
    }
}
