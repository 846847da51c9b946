package dev.duet.train;

import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training loss of a batch as a function of a model's parameters, and its gradient: both
 * towers forward, {@link ContrastiveLoss} plus, when its weight is above 0 and the batch has
 * regions, {@link GroundingLoss}; both towers backward. Captions, hard negatives and grounding
 * phrases go through the text tower as one batch, in that order.
 */
public final class ContrastiveObjective {

    /**
     * @param contrastive the contrastive part, with its gradients and counts
     * @param groundingLoss the weighted grounding part (0 when off or the batch has no regions)
     */
    public record Result(ContrastiveLoss.Result contrastive, double groundingLoss) {

        /** The loss the gradient is of: contrastive plus grounding. */
        public double loss() {
            return contrastive.loss() + groundingLoss;
        }
    }

    private final ClipParameters parameters;
    private final TextTowerTrainer text;
    private final VisionTowerTrainer vision;
    private final boolean learnableLogitScale;
    private final boolean hardNegatives;
    private final double groundingWeight;
    private final double groundingTemperature;

    public ContrastiveObjective(ClipParameters parameters, TowerTraining textTraining, TowerTraining visionTraining,
                                boolean learnableLogitScale, boolean hardNegatives, double groundingWeight,
                                double groundingTemperature) {
        GroundingLoss.requireValidSettings(groundingWeight, groundingTemperature);
        this.parameters = parameters;
        int projection = parameters.config().projectionDim();
        this.text = new TextTowerTrainer(parameters.config().text(), parameters.text(), projection, textTraining);
        this.vision = new VisionTowerTrainer(parameters.config().vision(), parameters.vision(), projection,
                visionTraining);
        this.learnableLogitScale = learnableLogitScale;
        this.hardNegatives = hardNegatives;
        this.groundingWeight = groundingWeight;
        this.groundingTemperature = groundingTemperature;
    }

    /**
     * The loss of {@code batch} at the current parameters; accumulates its gradient into
     * {@code gradients} (trainable parts only), or computes only the loss when it is null.
     */
    public Result evaluate(Parallel parallel, Batch batch, ClipGradients gradients) {
        List<int[]> sequences = new ArrayList<>(batch.captions());
        int[] negativeImages = new int[hardNegatives ? batch.negatives().size() : 0];
        for (int n = 0; n < negativeImages.length; n++) {
            Batch.HardNegative negative = batch.negatives().get(n);
            sequences.add(negative.tokens());
            negativeImages[n] = negative.image();
        }
        int dim = parameters.config().projectionDim();
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
        ContrastiveLoss.Result contrastive = ContrastiveLoss.evaluate(
                grounding ? Arrays.copyOf(textEmbeddings, contrastiveValues) : textEmbeddings,
                visionPass.embeddings(), batch.pairs(), negativeImages, dim, parameters.logitScale());
        GroundingLoss.Result groundingResult = grounding ? GroundingLoss.evaluate(
                Arrays.copyOfRange(textEmbeddings, contrastiveValues, textEmbeddings.length),
                visionPass.patchEmbeddings(), batch.regions(), batch.pairs(), patchCount(), dim, groundingTemperature,
                groundingWeight) : null;
        if (gradients != null) {
            float[] dText = contrastive.dText();
            if (grounding) {
                // [captions + negatives + phrases][P]: the phrase rows take the grounding gradient
                dText = Arrays.copyOf(dText, textEmbeddings.length);
                System.arraycopy(groundingResult.dPhrases(), 0, dText, contrastiveValues,
                        groundingResult.dPhrases().length);
            }
            text.backward(parallel, textPass, dText, gradients.text());
            vision.backward(parallel, visionPass, contrastive.dImages(), grounding ? groundingResult.dPatches() : null,
                    gradients.vision());
            if (learnableLogitScale) {
                gradients.logitScale()[0] += (float) contrastive.dLogitScale();
            }
        }
        return new Result(contrastive, grounding ? groundingResult.loss() : 0);
    }

    private int patchCount() {
        int grid = parameters.config().vision().gridSize();
        return grid * grid;
    }
}
