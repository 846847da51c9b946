/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.model.ClipCheckpoint;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training checkpoint is a model directory any CLIP loader reads, and bad state files are named. */
class TrainingCheckpointTest {

    private static final TrainingOptions OPTIONS = TrainingOptions.defaults(LearningRateSchedule.constant(1e-3), 2);

    @Test
    void checkpointIsAnOrdinaryModelDirectory(@TempDir Path directory) throws IOException {
        DualEncoderTrainer trainer = trainedOneStep(directory);
        ClipCheckpoint loaded = ClipCheckpoint.load(directory);
        assertEquals(((ClipParameters) trainer.parameters()).config(), loaded.config());
        ClipParameters reloaded = ClipParameters.copyOf(loaded.config(), loaded.weights());
        List<ParameterTensor> expected = trainer.parameters().tensors();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).values(), reloaded.tensors().get(i).values(), 0f, expected.get(i).name());
        }
    }

    @Test
    void malformedStateIsABadInput(@TempDir Path directory) throws IOException {
        trainedOneStep(directory);
        Files.writeString(directory.resolve(TrainingCheckpoint.STATE), "{\"format\": \"duet-trainer-state\", \"version\": 1, \"step\": \"x\"}");
        BadInputException problem = assertThrows(BadInputException.class,
                () -> DualEncoderTrainer.resume(directory, OPTIONS, Parallel.serial()));
        assertTrue(problem.getMessage().contains("'step' must be an integer"), problem.getMessage());
        Files.writeString(directory.resolve(TrainingCheckpoint.STATE), "{not json");
        assertThrows(BadInputException.class, () -> DualEncoderTrainer.resume(directory, OPTIONS, Parallel.serial()));
    }

    @Test
    void stateOfAnotherStepIsRefused(@TempDir Path directory) throws IOException {
        trainedOneStep(directory);
        Path state = directory.resolve(TrainingCheckpoint.STATE);
        Files.writeString(state, Files.readString(state).replace("\"step\" : 1", "\"step\" : 2"));
        BadInputException problem = assertThrows(BadInputException.class,
                () -> DualEncoderTrainer.resume(directory, OPTIONS, Parallel.serial()));
        assertTrue(problem.getMessage().contains("interrupted save"), problem.getMessage());
    }

    @Test
    void missingOptimizerStateIsRefused(@TempDir Path directory) throws IOException {
        trainedOneStep(directory);
        Files.delete(directory.resolve(TrainingCheckpoint.OPTIMIZER));
        assertThrows(BadInputException.class, () -> DualEncoderTrainer.resume(directory, OPTIONS, Parallel.serial()));
    }

    @Test
    void pullNeedsTheInitialWeights(@TempDir Path directory) throws IOException {
        trainedOneStep(directory);
        BadInputException problem = assertThrows(BadInputException.class,
                () -> DualEncoderTrainer.resume(directory, OPTIONS.withPullToInitial(0.1), Parallel.serial()));
        assertTrue(problem.getMessage().contains("initial."), problem.getMessage());
    }

    private static DualEncoderTrainer trainedOneStep(Path directory) throws IOException {
        ModelSpec spec = TinyModels.spec();
        DualEncoderTrainer trainer = DualEncoderTrainer.start(TinyModels.randomized(spec, 1), OPTIONS, Parallel.serial());
        trainer.step((step, random, threads) -> TinyModels.batch(spec, random.nextLong()));
        trainer.save(directory);
        return trainer;
    }
}
