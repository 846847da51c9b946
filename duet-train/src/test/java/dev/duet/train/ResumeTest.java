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

/** Four steps straight and two steps, save, resume, two steps give bit-identical weights. */
class ResumeTest {

    @Test
    void resumedRunEqualsAnUninterruptedOne(@TempDir Path directory) throws IOException {
        ModelSpec spec = TinyModels.spec();
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.warmupThenDecay(3e-3, 2, 4, 0.5), 17)
                .withPullToInitial(0.05).withMaxGradientNorm(0.5);
        BatchSource source = (step, random) -> TinyModels.batch(spec, random.nextLong());
        List<StepReport> straightReports = new ArrayList<>();
        List<StepReport> resumedReports = new ArrayList<>();
        try (Parallel parallel = Parallel.of(2)) {
            ClipTrainer straight = ClipTrainer.start(TinyModels.randomized(spec, 3), options, parallel);
            straight.train(source, 4, straightReports::add);

            ClipTrainer first = ClipTrainer.start(TinyModels.randomized(spec, 3), options, parallel);
            first.train(source, 2, resumedReports::add);
            first.save(directory);
            ClipTrainer resumed = ClipTrainer.resume(directory, options, parallel);
            assertEquals(2, resumed.step());
            resumed.train(source, 4, resumedReports::add);

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
        }
    }
}
