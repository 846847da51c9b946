package dev.duet.train;

import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training throughput of {@link ModelSpec#small} (vocabulary 4096) on two cores: batches of 64
 * random 12-token captions and 64 px images with 16 hard negatives. Prints pairs per second.
 */
@Tag("slow")
class TrainingThroughputTest {

    private static final int BATCH = 64;
    private static final int STEPS = 6;

    @Test
    void smallModelThroughput() {
        ModelSpec spec = ModelSpec.small(4096, 4094, 4095);
        ClipParameters parameters = ClipInitializer.initialize(spec.toConfig(), 1);
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.constant(1e-4), 1);
        List<StepReport> reports = new ArrayList<>();
        try (Parallel parallel = Parallel.of(2)) {
            ClipTrainer trainer = ClipTrainer.start(parameters, options, parallel);
            trainer.train((step, random) -> batch(spec, random), STEPS, reports::add);
        }
        double seconds = 0;
        int pairs = 0;
        for (StepReport report : reports.subList(1, STEPS)) {
            seconds += report.seconds();
            pairs += report.pairs();
            System.out.printf("step %d: loss %.4f, %.2f s, %.1f pairs/s%n", report.step(), report.loss(),
                    report.seconds(), report.pairsPerSecond());
        }
        System.out.printf("small model, batch %d + 16 negatives, 2 threads: %.1f pairs/s (%.2f s/step)%n",
                BATCH, pairs / seconds, seconds / (STEPS - 1));
        assertTrue(pairs / seconds > 0);
    }

    private static Batch batch(ModelSpec spec, SeededRandom random) {
        List<int[]> captions = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        List<Batch.HardNegative> negatives = new ArrayList<>();
        for (int b = 0; b < BATCH; b++) {
            int[] caption = new int[12];
            caption[0] = spec.bosTokenId();
            for (int i = 1; i < 11; i++) {
                caption[i] = random.nextInt(4000);
            }
            caption[11] = spec.eosTokenId();
            captions.add(caption);
            float[] image = new float[3 * spec.imageSize() * spec.imageSize()];
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) random.nextGaussian();
            }
            images.add(image);
            if (b < 16) {
                int[] negative = caption.clone();
                negative[3] = random.nextInt(4000);
                negatives.add(new Batch.HardNegative(b, negative));
            }
        }
        return new Batch(captions, images, negatives);
    }
}
