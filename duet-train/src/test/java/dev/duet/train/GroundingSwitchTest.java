/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The grounding loss acts only with a positive weight on batches with regions; otherwise
 * training is bit for bit the contrastive one.
 */
class GroundingSwitchTest {

    private static final ModelSpec SPEC = TinyModels.spec();
    private static final TrainingOptions OPTIONS = TrainingOptions.defaults(LearningRateSchedule.constant(3e-3), 5);

    @Test
    void weightZeroIgnoresRegions() {
        assertSameRun(OPTIONS, (step, random, threads) -> TinyModels.batch(SPEC, random.nextLong()),
                OPTIONS, (step, random, threads) -> TinyModels.groundedBatch(SPEC, random.nextLong()));
    }

    @Test
    void batchesWithoutRegionsTrainAsWithoutGrounding() {
        BatchSource plain = (step, random, threads) -> TinyModels.batch(SPEC, random.nextLong());
        assertSameRun(OPTIONS, plain, OPTIONS.withGroundingWeight(2), plain);
    }

    private static void assertSameRun(TrainingOptions options, BatchSource source, TrainingOptions otherOptions,
                                      BatchSource otherSource) {
        List<StepReport> reports = new ArrayList<>();
        List<StepReport> otherReports = new ArrayList<>();
        try (Parallel parallel = Parallel.of(2)) {
            DualEncoderTrainer run = DualEncoderTrainer.start(TinyModels.randomized(SPEC, 3), options, parallel);
            while (run.step() < 3) {
                reports.add(run.step(source));
            }
            DualEncoderTrainer other = DualEncoderTrainer.start(TinyModels.randomized(SPEC, 3), otherOptions, parallel);
            while (other.step() < 3) {
                otherReports.add(other.step(otherSource));
            }
            List<ParameterTensor> expected = run.parameters().tensors();
            List<ParameterTensor> actual = other.parameters().tensors();
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).values(), actual.get(i).values(), 0f, expected.get(i).name());
            }
        }
        for (int s = 0; s < reports.size(); s++) {
            assertEquals(reports.get(s).loss(), otherReports.get(s).loss(), 0.0, "loss of step " + (s + 1));
            assertEquals(0.0, otherReports.get(s).groundingLoss());
        }
    }
}
