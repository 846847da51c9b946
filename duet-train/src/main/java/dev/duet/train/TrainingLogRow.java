/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * One line of {@code training-log.tsv} ({@link TrainingTables}): what a step did, as far as the log
 * keeps it.
 *
 * @param loss contrastive plus grounding, of the batch before the update
 * @param groundingLoss the weighted grounding part of {@code loss} (0 when off)
 * @param logitBias the logit bias after the step: SigLIP's; NaN for CLIP, which has none, and for
 *                  steps logged before the column existed
 */
public record TrainingLogRow(long step, double loss, double learningRate, double gradientNorm, double logitScale,
                             double imageToTextAccuracy, double textToImageAccuracy, double hardNegativeAccuracy,
                             double pairsPerSecond, double groundingLoss, double logitBias) {

    public static TrainingLogRow of(StepReport report) {
        return new TrainingLogRow(report.step(), report.loss(), report.learningRate(), report.gradientNorm(),
                report.logitScale(), report.imageToTextAccuracy(), report.textToImageAccuracy(),
                report.hardNegativeAccuracy(), report.pairsPerSecond(), report.groundingLoss(), report.logitBias());
    }
}
