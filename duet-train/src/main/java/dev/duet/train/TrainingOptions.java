/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * Everything that decides a training run apart from the model and the data.
 *
 * @param maxGradientNorm clip the global gradient norm to this (0: no clipping)
 * @param pullToInitial coefficient λ of the penalty {@code λ/2 |θ - θ0|^2} towards the weights the
 *                      run started from (L2-SP; 0: none); it adds {@code λ (θ - θ0)} to the gradient
 *                      before clipping, on trainable parameters only
 * @param learnableLogitScale train the temperature (clamped to [0, ln 100] after each step, as CLIP does)
 * @param hardNegatives use a batch's hard negatives as extra text columns (see {@link ContrastiveLoss})
 * @param groundingWeight weight of the phrase-patch {@link GroundingLoss} added to the contrastive
 *                        loss on batches with regions (0: off, and no extra work)
 * @param groundingTemperature tau of the grounding loss, the scale of its phrase-patch cosines
 * @param seed seeds the stream the batch source draws from
 */
public record TrainingOptions(LearningRateSchedule schedule, AdamW.Options adamW, double maxGradientNorm,
                              double pullToInitial, TowerTraining text, TowerTraining vision,
                              boolean learnableLogitScale, boolean hardNegatives, double groundingWeight,
                              double groundingTemperature, long seed) {

    public TrainingOptions {
        if (!(maxGradientNorm >= 0) || !(pullToInitial >= 0)) {
            throw new IllegalArgumentException("gradient norm limit and pull coefficient must be >= 0");
        }
        GroundingLoss.requireValidSettings(groundingWeight, groundingTemperature);
    }

    /**
     * Both towers and the logit scale train, CLIP's AdamW settings, clipping at norm 1, hard
     * negatives on, grounding loss off (temperature {@link GroundingLoss#DEFAULT_TEMPERATURE}).
     */
    public static TrainingOptions defaults(LearningRateSchedule schedule, long seed) {
        return new TrainingOptions(schedule, AdamW.Options.clip(), 1.0, 0.0, TowerTraining.all(), TowerTraining.all(),
                true, true, 0.0, GroundingLoss.DEFAULT_TEMPERATURE, seed);
    }

    public TrainingOptions withTowers(TowerTraining textTraining, TowerTraining visionTraining) {
        return new TrainingOptions(schedule, adamW, maxGradientNorm, pullToInitial, textTraining, visionTraining,
                learnableLogitScale, hardNegatives, groundingWeight, groundingTemperature, seed);
    }

    public TrainingOptions withPullToInitial(double coefficient) {
        return new TrainingOptions(schedule, adamW, maxGradientNorm, coefficient, text, vision, learnableLogitScale,
                hardNegatives, groundingWeight, groundingTemperature, seed);
    }

    public TrainingOptions withMaxGradientNorm(double norm) {
        return new TrainingOptions(schedule, adamW, norm, pullToInitial, text, vision, learnableLogitScale,
                hardNegatives, groundingWeight, groundingTemperature, seed);
    }

    public TrainingOptions withAdamW(AdamW.Options options) {
        return new TrainingOptions(schedule, options, maxGradientNorm, pullToInitial, text, vision, learnableLogitScale,
                hardNegatives, groundingWeight, groundingTemperature, seed);
    }

    public TrainingOptions withLogitScale(boolean learnable) {
        return new TrainingOptions(schedule, adamW, maxGradientNorm, pullToInitial, text, vision, learnable,
                hardNegatives, groundingWeight, groundingTemperature, seed);
    }

    public TrainingOptions withHardNegatives(boolean use) {
        return new TrainingOptions(schedule, adamW, maxGradientNorm, pullToInitial, text, vision, learnableLogitScale,
                use, groundingWeight, groundingTemperature, seed);
    }

    public TrainingOptions withGroundingWeight(double weight) {
        return new TrainingOptions(schedule, adamW, maxGradientNorm, pullToInitial, text, vision, learnableLogitScale,
                hardNegatives, weight, groundingTemperature, seed);
    }

    public TrainingOptions withGroundingTemperature(double temperature) {
        return new TrainingOptions(schedule, adamW, maxGradientNorm, pullToInitial, text, vision, learnableLogitScale,
                hardNegatives, groundingWeight, temperature, seed);
    }
}
