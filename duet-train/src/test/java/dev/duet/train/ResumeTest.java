/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Four steps straight and two steps, save, resume, two steps give bit-identical weights. */
class ResumeTest {

    private static final ModelSpec SPEC = TinyModels.spec();
    private static final TrainingOptions OPTIONS = TrainingOptions.defaults(
            LearningRateSchedule.warmupThenDecay(3e-3, 2, 4, 0.5), 17).withPullToInitial(0.05).withMaxGradientNorm(0.5);

    @Test
    void resumedRunEqualsAnUninterruptedOne(@TempDir Path directory) throws IOException {
        resumeAndCompare(directory, OPTIONS, (step, random, threads) -> TinyModels.batch(SPEC, random.nextLong()));
    }

    @Test
    void resumedRunWithGroundingEqualsAnUninterruptedOne(@TempDir Path directory) throws IOException {
        List<StepReport> reports = resumeAndCompare(directory, OPTIONS.withGroundingWeight(0.5).withGroundingTemperature(5),
                (step, random, threads) -> TinyModels.groundedBatch(SPEC, random.nextLong()));
        assertTrue(reports.stream().allMatch(report -> report.groundingLoss() > 0), "the grounding loss is on");
    }

    /** Returns the uninterrupted run's reports. */
    private static List<StepReport> resumeAndCompare(Path directory, TrainingOptions options, BatchSource source)
            throws IOException {
        List<StepReport> straightReports = new ArrayList<>();
        List<StepReport> resumedReports = new ArrayList<>();
        try (Parallel parallel = Parallel.of(2)) {
            DualEncoderTrainer straight = DualEncoderTrainer.start(TinyModels.randomized(SPEC, 3), options, parallel);
            while (straight.step() < 4) {
                straightReports.add(straight.step(source));
            }

            DualEncoderTrainer first = DualEncoderTrainer.start(TinyModels.randomized(SPEC, 3), options, parallel);
            while (first.step() < 2) {
                resumedReports.add(first.step(source));
            }
            first.save(directory);
            DualEncoderTrainer resumed = DualEncoderTrainer.resume(directory, options, parallel);
            assertEquals(2, resumed.step());
            while (resumed.step() < 4) {
                resumedReports.add(resumed.step(source));
            }

            List<ParameterTensor> expected = straight.parameters().tensors();
            List<ParameterTensor> actual = resumed.parameters().tensors();
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).values(), actual.get(i).values(), 0f, expected.get(i).name());
            }
            assertEquals(straight.parameters().logitScale(), resumed.parameters().logitScale());
        }
        for (int s = 0; s < 4; s++) {
            assertEquals(straightReports.get(s).loss(), resumedReports.get(s).loss(), 0.0, "loss of step " + (s + 1));
            assertEquals(straightReports.get(s).penalty(), resumedReports.get(s).penalty(), 0.0);
            assertEquals(straightReports.get(s).groundingLoss(), resumedReports.get(s).groundingLoss(), 0.0);
        }
        return straightReports;
    }
}
