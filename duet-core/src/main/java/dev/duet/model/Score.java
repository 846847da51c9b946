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

    /** The checkpoint's {@code logit_scale}: cosines are multiplied by exp of it. */
    float logitScale();

    /** {@code exp(logitScale)}: the factor from a change of cosine to the same change of logit. */
    default double multiplier() {
        return Math.exp(logitScale());
    }

    /** The pair's logit. */
    double logit(double cosine);

    /**
     * CLIP's: {@code logit = cos * exp(logit_scale)}; a softmax over a batch's logits makes them
     * probabilities, so one pair alone has none.
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
     */
    record Sigmoid(float logitScale, float logitBias) implements Score {

        @Override
        public double logit(double cosine) {
            return cosine * multiplier() + logitBias;
        }

        /** {@code 1 / (1 + exp(-logit))}, written so that neither branch overflows. */
        public double probability(double cosine) {
            double logit = logit(cosine);
            return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
        }
    }
}
