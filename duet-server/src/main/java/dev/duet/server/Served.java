/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.index.DuetIndex;
import dev.duet.model.ModelFamily;

/**
 * What one server explains, fixed by the model it was started with: captions with images (a
 * {@link dev.duet.model.DualEncoder}) or pairs of texts (a sentence encoder). {@link DuetServer}
 * holds one and answers the routes of the other with 404 and a line saying what it explains.
 */
sealed interface Served extends AutoCloseable {

    /** The model's family, as {@code /api/info} names it. */
    ModelFamily family();

    /** Frees the explainer's threads. */
    @Override
    void close();

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
