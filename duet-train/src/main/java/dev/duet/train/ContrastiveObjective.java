package dev.duet.train;

import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * The contrastive loss of a batch as a function of a model's parameters, and its gradient:
 * both towers forward, {@link ContrastiveLoss}, both towers backward. Captions and hard
 * negatives go through the text tower as one batch.
 */
public final class ContrastiveObjective {

    private final ClipParameters parameters;
    private final TextTowerTrainer text;
    private final VisionTowerTrainer vision;
    private final boolean learnableLogitScale;
    private final boolean hardNegatives;

    public ContrastiveObjective(ClipParameters parameters, TowerTraining textTraining, TowerTraining visionTraining,
                                boolean learnableLogitScale, boolean hardNegatives) {
        this.parameters = parameters;
        int projection = parameters.config().projectionDim();
        this.text = new TextTowerTrainer(parameters.config().text(), parameters.text(), projection, textTraining);
        this.vision = new VisionTowerTrainer(parameters.config().vision(), parameters.vision(), projection,
                visionTraining);
        this.learnableLogitScale = learnableLogitScale;
        this.hardNegatives = hardNegatives;
    }

    /**
     * The loss of {@code batch} at the current parameters; accumulates its gradient into
     * {@code gradients} (trainable parts only), or computes only the loss when it is null.
     */
    public ContrastiveLoss.Result evaluate(Parallel parallel, Batch batch, ClipGradients gradients) {
        List<int[]> sequences = new ArrayList<>(batch.captions());
        int[] negativeImages = new int[hardNegatives ? batch.negatives().size() : 0];
        for (int n = 0; n < negativeImages.length; n++) {
            Batch.HardNegative negative = batch.negatives().get(n);
            sequences.add(negative.tokens());
            negativeImages[n] = negative.image();
        }
        TextTowerTrainer.Pass textPass = text.forward(parallel, sequences);
        VisionTowerTrainer.Pass visionPass = vision.forward(parallel, batch.images());
        ContrastiveLoss.Result result = ContrastiveLoss.evaluate(textPass.embeddings(), visionPass.embeddings(),
                batch.pairs(), negativeImages, parameters.config().projectionDim(), parameters.logitScale());
        if (gradients != null) {
            text.backward(parallel, textPass, result.dText(), gradients.text());
            vision.backward(parallel, visionPass, result.dImages(), gradients.vision());
            if (learnableLogitScale) {
                gradients.logitScale()[0] += (float) result.dLogitScale();
            }
        }
        return result;
    }
}
