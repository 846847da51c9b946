/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * What one training step did.
 *
 * @param step the 1-based number of the step just taken
 * @param loss the loss of the batch before the update: contrastive plus grounding
 * @param groundingLoss the weighted grounding part of {@code loss} (0 when off)
 * @param penalty the pull-to-initial penalty {@code λ/2 |θ - θ0|^2} (0 when off)
 * @param gradientNorm the global gradient norm before clipping
 * @param logitScale the logit scale after the update
 * @param logitBias the logit bias after the update (SigLIP's sigmoid score); NaN for a model without one (CLIP)
 * @param imageToTextAccuracy fraction of images whose true caption has the highest logit
 * @param textToImageAccuracy fraction of captions whose image has the highest logit
 * @param hardNegativeAccuracy fraction of hard negatives scored below their image's true caption (NaN: none)
 * @param pairsPerSecond the batch size over the step's wall time (batch drawing included)
 */
public record StepReport(long step, int pairs, double loss, double groundingLoss, double penalty, double learningRate,
                         double gradientNorm, float logitScale, double logitBias, double imageToTextAccuracy, double textToImageAccuracy,
                         double hardNegativeAccuracy, double seconds, double pairsPerSecond) {
}
