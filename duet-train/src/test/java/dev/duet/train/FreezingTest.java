/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.layer.BlockWeights;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Frozen parts get no gradient and do not move; trainable parts get exactly the gradient they
 * get when everything trains.
 */
class FreezingTest {

    @Test
    void lastBlocksGetTheFullGradientAndTheRestNone() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 5);
        Batch batch = TinyModels.batch(spec, 6);
        ClipParameters full = gradients(parameters, batch, TowerTraining.all(), TowerTraining.all());
        ClipParameters partial = gradients(parameters, batch, TowerTraining.frozen(), TowerTraining.lastBlocks(1));
        List<ParameterTensor> fullTensors = full.tensors();
        List<ParameterTensor> partialTensors = partial.tensors();
        for (int i = 0; i < fullTensors.size(); i++) {
            ParameterTensor tensor = partialTensors.get(i);
            boolean trains = tensor.tower() == ParameterTensor.Tower.VISION
                    && (tensor.section() == ParameterTensor.Section.HEAD || tensor.block() == 1)
                    || tensor.tower() == ParameterTensor.Tower.SHARED;
            if (trains) {
                assertArrayEquals(fullTensors.get(i).values(), tensor.values(), 0f, tensor.name());
            } else {
                assertArrayEquals(new float[tensor.size()], tensor.values(), 0f, tensor.name() + " is frozen");
            }
        }
    }

    @Test
    void embeddingsAloneGetTheFullGradient() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 7);
        Batch batch = TinyModels.batch(spec, 8);
        TowerTraining embeddingsOnly = new TowerTraining(0, true, false);
        ClipParameters full = gradients(parameters, batch, TowerTraining.all(), TowerTraining.all());
        ClipParameters partial = gradients(parameters, batch, embeddingsOnly, embeddingsOnly);
        assertArrayEquals(full.text().tokenEmbedding(), partial.text().tokenEmbedding(), 0f);
        assertArrayEquals(full.text().positionEmbedding(), partial.text().positionEmbedding(), 0f);
        assertArrayEquals(full.vision().patchWeight(), partial.vision().patchWeight(), 0f);
        assertArrayEquals(full.vision().classEmbedding(), partial.vision().classEmbedding(), 0f);
        assertArrayEquals(full.vision().preNormGain(), partial.vision().preNormGain(), 0f);
        for (BlockWeights block : partial.vision().blocks()) {
            assertArrayEquals(new float[block.fc1Weight().length], block.fc1Weight(), 0f);
        }
        assertArrayEquals(new float[partial.text().projection().length], partial.text().projection(), 0f);
    }

    /**
     * The grounding gradient reaches the vision tower through the patch rows' head: frozen, it
     * must still pass the gradient down (embeddings only) and, trainable, take its share (top block).
     */
    @Test
    void groundingGradientRespectsFreezing() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 11);
        Batch batch = TinyModels.groundedBatch(spec, 12);
        ClipParameters full = gradients(parameters, batch, TowerTraining.all(), TowerTraining.all(), 1.0);
        for (TowerTraining vision : List.of(TowerTraining.lastBlocks(1), new TowerTraining(0, true, false))) {
            ClipParameters partial = gradients(parameters, batch, TowerTraining.frozen(), vision, 1.0);
            boolean[] trains = DualEncoderTrainer.trainableMask(parameters, TrainingOptions.defaults(
                    LearningRateSchedule.constant(1e-3), 1).withTowers(TowerTraining.frozen(), vision));
            List<ParameterTensor> fullTensors = full.tensors();
            List<ParameterTensor> partialTensors = partial.tensors();
            for (int i = 0; i < fullTensors.size(); i++) {
                ParameterTensor tensor = partialTensors.get(i);
                float[] expected = trains[i] ? fullTensors.get(i).values() : new float[tensor.size()];
                assertArrayEquals(expected, tensor.values(), 0f, tensor.name() + (trains[i] ? "" : " is frozen"));
            }
        }
    }

    @Test
    void frozenTowerDoesNotMoveDuringTraining() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 9);
        ClipParameters before = parameters.copy();
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.constant(1e-2), 1)
                .withTowers(TowerTraining.frozen(), TowerTraining.all()).withLogitScale(false);
        try (Parallel parallel = Parallel.of(2)) {
            DualEncoderTrainer trainer = DualEncoderTrainer.start(parameters, options, parallel);
            BatchSource source = (step, random, threads) -> TinyModels.batch(spec, random.nextLong());
            while (trainer.step() < 3) {
                trainer.step(source);
            }
        }
        List<ParameterTensor> after = parameters.tensors();
        List<ParameterTensor> original = before.tensors();
        boolean visionMoved = false;
        for (int i = 0; i < after.size(); i++) {
            ParameterTensor tensor = after.get(i);
            if (tensor.tower() == ParameterTensor.Tower.VISION) {
                visionMoved |= !java.util.Arrays.equals(original.get(i).values(), tensor.values());
            } else {
                assertArrayEquals(original.get(i).values(), tensor.values(), 0f, tensor.name() + " is frozen");
            }
        }
        assertEquals(before.logitScale(), parameters.logitScale());
        assertFalse(!visionMoved, "the vision tower trains");
    }

    private static ClipParameters gradients(ClipParameters parameters, Batch batch, TowerTraining text,
                                            TowerTraining vision) {
        return gradients(parameters, batch, text, vision, 0);
    }

    /** The gradients, as the CLIP arrays they are. */
    private static ClipParameters gradients(ClipParameters parameters, Batch batch, TowerTraining text,
                                            TowerTraining vision, double groundingWeight) {
        ModelGradients gradients = parameters.zeroGradients();
        new ContrastiveObjective(parameters, text, vision, true, true, groundingWeight, GroundingLoss.DEFAULT_TEMPERATURE)
                .evaluate(Parallel.serial(), batch, gradients);
        return (ClipParameters) gradients.arrays();
    }
}
