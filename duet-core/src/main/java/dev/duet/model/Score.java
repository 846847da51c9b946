/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

/**
 * How a dual encoder turns the cosine of a pair's embeddings into its score. Duet's
 * explanations decompose the cosine (docs/method.md); every score here is increasing in it, so
 * what raises the cosine raises the score.
 */
public sealed interface Score {

    /** {@return the checkpoint's {@code logit_scale}: cosines are multiplied by exp of it} */
    float logitScale();

    /** {@return {@code exp(logitScale)}: the factor from a change of cosine to the same change of logit} */
    default double multiplier() {
        return Math.exp(logitScale());
    }

    /**
     * {@return the pair's logit}
     *
     * @param cosine the cosine of the pair's embeddings, in [-1, 1]
     */
    double logit(double cosine);

    /**
     * CLIP's: {@code logit = cos * exp(logit_scale)}; a softmax over a batch's logits makes them
     * probabilities, so one pair alone has none.
     *
     * @param logitScale the checkpoint's {@code logit_scale} (log of the temperature's inverse; 4.6052 = ln 100)
     */
    record Softmax(float logitScale) implements Score {

        @Override
        public double logit(double cosine) {
            return cosine * multiplier();
        }
    }

    /**
     * SigLIP's: {@code logit = cos * exp(logit_scale) + logit_bias}, and each pair's own
     * probability of matching is {@code sigmoid(logit)}.
     *
     * @param logitScale the checkpoint's {@code logit_scale}
     * @param logitBias  the checkpoint's {@code logit_bias}, added after scaling
     */
    record Sigmoid(float logitScale, float logitBias) implements Score {

        @Override
        public double logit(double cosine) {
            return cosine * multiplier() + logitBias;
        }

        /**
         * {@return the probability that the pair matches: {@code 1 / (1 + exp(-logit))}, in [0, 1]}
         * Written so that neither branch overflows.
         *
         * @param cosine the cosine of the pair's embeddings, in [-1, 1]
         */
        public double probability(double cosine) {
            double logit = logit(cosine);
            return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
        }
    }
}
