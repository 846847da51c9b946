/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training loss of a batch as a function of a model's parameters, and its gradient: both
 * towers forward, the family's loss over the pairs (CLIP's {@link ContrastiveLoss}, SigLIP's
 * {@link SigmoidLoss} with its learnt bias) plus, when its weight is above 0 and the batch has
 * regions, {@link GroundingLoss} (CLIP only: it reads patch embeddings through the projection
 * head, which SigLIP's probe readout has no counterpart of); both towers backward. Captions, hard
 * negatives and grounding phrases go through the text tower as one batch, in that order.
 */
public final class ContrastiveObjective {

    /**
     * @param pairLoss      the family's loss over the image-caption pairs
     * @param groundingLoss the weighted grounding part (0 when off or the batch has no regions)
     * @param counts        how the batch's logits rank its pairs
     */
    public record Result(double pairLoss, double groundingLoss, RetrievalCounts counts) {

        /** The loss the gradient is of: pairs plus grounding. */
        public double loss() {
            return pairLoss + groundingLoss;
        }
    }

    private final ModelParameters parameters;
    private final TextTowerTrainer text;
    private final VisionTowerTrainer vision;
    private final boolean learnableLogitScale;
    private final boolean hardNegatives;
    private final double groundingWeight;
    private final double groundingTemperature;

    public ContrastiveObjective(ModelParameters parameters, TowerTraining textTraining, TowerTraining visionTraining,
                                boolean learnableLogitScale, boolean hardNegatives, double groundingWeight,
                                double groundingTemperature) {
        GroundingLoss.requireValidSettings(groundingWeight, groundingTemperature);
        this.parameters = parameters;
        this.text = new TextTowerTrainer(parameters.textConfig(), parameters.text(), parameters.projectionDim(),
                textTraining);
        this.vision = new VisionTowerTrainer(parameters.visionEncoder(), visionTraining);
        if (groundingWeight > 0 && !vision.hasPatchEmbeddings()) {
            throw new IllegalArgumentException("the grounding loss needs patch embeddings, which an image tower "
                    + "read out by SigLIP's probe pooling does not have");
        }
        this.learnableLogitScale = learnableLogitScale;
        this.hardNegatives = hardNegatives;
        this.groundingWeight = groundingWeight;
        this.groundingTemperature = groundingTemperature;
    }

    /**
     * The loss of {@code batch} at the current parameters; accumulates its gradient into
     * {@code gradients} (trainable parts only), or computes only the loss when it is null.
     */
    public Result evaluate(Parallel parallel, Batch batch, ModelGradients gradients) {
        List<int[]> sequences = new ArrayList<>(batch.captions());
        int[] negativeImages = new int[hardNegatives ? batch.negatives().size() : 0];
        for (int n = 0; n < negativeImages.length; n++) {
            Batch.HardNegative negative = batch.negatives().get(n);
            sequences.add(negative.tokens());
            negativeImages[n] = negative.image();
        }
        int dim = parameters.projectionDim();
        int contrastiveValues = sequences.size() * dim;
        boolean grounding = groundingWeight > 0 && !batch.regions().isEmpty();
        if (grounding) {
            for (Batch.Region region : batch.regions()) {
                sequences.add(region.tokens());
            }
        }
        TextTowerTrainer.Pass textPass = text.forward(parallel, sequences);
        VisionTowerTrainer.Pass visionPass = vision.forward(parallel, batch.images(), grounding);
        float[] textEmbeddings = textPass.embeddings();
        float[] pairText = grounding ? Arrays.copyOf(textEmbeddings, contrastiveValues) : textEmbeddings;
        PairGradients pairs = switch (parameters) {
            case ClipParameters clip -> {
                ContrastiveLoss.Result result = ContrastiveLoss.evaluate(pairText, visionPass.embeddings(),
                        batch.pairs(), negativeImages, dim, clip.logitScale());
                yield new PairGradients(result.loss(), result.dText(), result.dImages(), result.dLogitScale(), 0,
                        result.counts());
            }
            case SiglipParameters siglip -> {
                SigmoidLoss.Result result = SigmoidLoss.evaluate(pairText, visionPass.embeddings(), batch.pairs(),
                        negativeImages, dim, siglip.logitScale(), siglip.logitBias());
                yield new PairGradients(result.loss(), result.dText(), result.dImages(), result.dLogitScale(),
                        result.dLogitBias(), result.counts());
            }
        };
        GroundingLoss.Result groundingResult = grounding ? GroundingLoss.evaluate(
                Arrays.copyOfRange(textEmbeddings, contrastiveValues, textEmbeddings.length),
                visionPass.patchEmbeddings(), batch.regions(), batch.pairs(), patchCount(), dim, groundingTemperature,
                groundingWeight) : null;
        if (gradients != null) {
            float[] dText = pairs.dText();
            if (grounding) {
                // [captions + negatives + phrases][P]: the phrase rows take the grounding gradient
                dText = Arrays.copyOf(dText, textEmbeddings.length);
                System.arraycopy(groundingResult.dPhrases(), 0, dText, contrastiveValues,
                        groundingResult.dPhrases().length);
            }
            text.backward(parallel, textPass, dText, gradients.text());
            vision.backward(parallel, visionPass, pairs.dImages(), grounding ? groundingResult.dPatches() : null,
                    gradients.visionTower());
            if (learnableLogitScale) {
                gradients.logitScale()[0] += (float) pairs.dLogitScale();
                if (gradients.logitBias() != null) {
                    gradients.logitBias()[0] += (float) pairs.dLogitBias();
                }
            }
        }
        return new Result(pairs.loss(), grounding ? groundingResult.loss() : 0, pairs.counts());
    }

    /** Either loss's value and gradients by the embeddings, the scale and the bias (0 without one). */
    private record PairGradients(double loss, float[] dText, float[] dImages, double dLogitScale, double dLogitBias,
                                 RetrievalCounts counts) {
    }

    private int patchCount() {
        int grid = parameters.visionEncoder().config().gridSize();
        return grid * grid;
    }
}
