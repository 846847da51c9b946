/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.eval;

import dev.duet.image.PreprocessedImage;
import dev.duet.model.DualEncoder;
import dev.duet.model.Embeddings;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * Zero-shot retrieval among held-out pairs (image i, caption i), by cosine: the share of
 * captions whose best image is their own (text to image, top-1), the share of images whose best
 * caption is their own (image to text), and the share of hard negatives that score below their
 * image's true caption (NaN when there are none). Each negative is embedded on its own.
 *
 * @param negatives per pair, captions that must score below its true one
 */
public record HeldOutRetrieval(double textToImage, double imageToText, double hardNegative) {

    public static HeldOutRetrieval of(DualEncoder model, Parallel parallel, List<PreprocessedImage> images,
                                      List<String> captions, List<List<String>> negatives) {
        int count = images.size();
        if (captions.size() != count || negatives.size() != count || count == 0) {
            throw new IllegalArgumentException("retrieval needs as many captions and negative lists as images, at least one; got "
                    + count + ", " + captions.size() + " and " + negatives.size());
        }
        float[][] imageEmbeddings = Embeddings.normalized(model.embedImages(parallel, images));
        float[][] textEmbeddings = Embeddings.normalized(model.embedTexts(parallel, captions));
        int textHits = 0;
        int imageHits = 0;
        int negativeHits = 0;
        int negativeTotal = 0;
        for (int i = 0; i < count; i++) {
            textHits += argmax(textEmbeddings[i], imageEmbeddings) == i ? 1 : 0;
            imageHits += argmax(imageEmbeddings[i], textEmbeddings) == i ? 1 : 0;
            for (String negative : negatives.get(i)) {
                float[] negativeEmbedding = Embeddings.normalized(model.embedTexts(parallel, List.of(negative)))[0];
                negativeTotal++;
                boolean ranked = Embeddings.dot(textEmbeddings[i], imageEmbeddings[i])
                        > Embeddings.dot(negativeEmbedding, imageEmbeddings[i]);
                negativeHits += ranked ? 1 : 0;
            }
        }
        return new HeldOutRetrieval(textHits / (double) count, imageHits / (double) count,
                negativeTotal == 0 ? Double.NaN : negativeHits / (double) negativeTotal);
    }

    private static int argmax(float[] query, float[][] candidates) {
        int best = 0;
        for (int c = 1; c < candidates.length; c++) {
            if (Embeddings.dot(query, candidates[c]) > Embeddings.dot(query, candidates[best])) {
                best = c;
            }
        }
        return best;
    }
}
