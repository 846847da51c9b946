/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.Spelling;
import dev.duet.index.DuetIndex;
import dev.duet.model.ModelFamily;

/**
 * What one server explains, fixed by the model it was started with: captions with images (a
 * {@link dev.duet.model.DualEncoder}) or pairs of texts (a sentence encoder). {@link DuetServer}
 * holds one; the routes of each kind take what they work on from {@link #captionImages} or
 * {@link #textPairs}, which answer a server of the other kind with 404 and a line saying what it explains.
 */
sealed interface Served extends AutoCloseable {

    /** The model's family, as {@code /api/info} names it. */
    ModelFamily family();

    /** Frees the explainer's threads. */
    @Override
    void close();

    /** What a caption and image route works on; 404 on a server of pairs of texts. */
    default CaptionImages captionImages() {
        return switch (this) {
            case CaptionImages pairs -> pairs;
            case TextPairs texts -> throw ApiException.notFound("this server explains pairs of texts with a sentence "
                    + "encoder: it has no images or captions to explain (POST /api/explain-texts explains two texts)");
        };
    }

    /** What the text pair route works on; 404 on a server of captions and images. */
    default TextPairService textPairs() {
        return switch (this) {
            case TextPairs texts -> texts.texts();
            case CaptionImages pairs -> throw ApiException.notFound("this server explains captions and images with a "
                    + Spelling.of(pairs.family()) + " model: pairs of texts need a sentence encoder "
                    + "(duet serve --model SENTENCE_ENCODER_DIR)");
        };
    }

    /**
     * Captions and images: the explanations, the images the page can choose (examples, uploads,
     * search results) and, with {@code serve --index}, the index (null for none; its owner closes it).
     */
    record CaptionImages(ExplanationService explanations, ImageStore images, DuetIndex index) implements Served {

        @Override
        public ModelFamily family() {
            return explanations.model().family();
        }

        @Override
        public void close() {
            explanations.close();
        }
    }

    /** Pairs of texts under a sentence encoder. */
    record TextPairs(TextPairService texts) implements Served {

        @Override
        public ModelFamily family() {
            return ModelFamily.SENTENCE_BERT;
        }

        @Override
        public void close() {
            texts.close();
        }
    }
}
