/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.TextEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Smoke test of the whole loop on a trivially learnable task: images are solid colours with a
 * little noise, captions are [BOS, colour word, EOS]. From random weights, 150 steps must cut
 * the loss far below chance (ln 8) and retrieve the right caption for fresh images.
 */
class SolidColourTrainingTest {

    private static final float[][] COLOURS = {
            {1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 1, 0}, {1, 0, 1}, {0, 1, 1}, {1, 1, 1}, {0, 0, 0}};
    private static final int BOS = 8;
    private static final int EOS = 9;
    private static final int STEPS = 150;

    @Test
    void learnsToMatchColourWordsToColours() {
        ModelSpec spec = new ModelSpec(10, 4, BOS, EOS, 32, 2, 2, 32, 2, 2, 16, 8, 32);
        ClipParameters parameters = ClipInitializer.initialize(spec.toConfig(), 2024);
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.warmupThenDecay(3e-3, 10, STEPS, 0.1), 1)
                .withAdamW(new AdamW.Options(0.9, 0.98, 1e-6, 0.01));
        List<StepReport> reports = new ArrayList<>();
        long started = System.nanoTime();
        try (Parallel parallel = Parallel.of(2)) {
            DualEncoderTrainer trainer = DualEncoderTrainer.start(parameters, options, parallel);
            BatchSource source = (step, random, threads) -> batch(spec, random);
            while (trainer.step() < STEPS) {
                reports.add(trainer.step(source));
            }
        }
        double seconds = (System.nanoTime() - started) * 1e-9;
        double firstLoss = average(reports.subList(0, 10));
        double lastLoss = average(reports.subList(STEPS - 10, STEPS));
        int pairs = 0;
        for (StepReport report : reports) {
            pairs += report.pairs();
        }
        System.out.printf("solid colours: loss %.3f -> %.3f, %d steps in %.1f s, %.0f pairs/s%n",
                firstLoss, lastLoss, STEPS, seconds, pairs / seconds);
        assertTrue(firstLoss > 1.8, "starts near chance (ln 8 = 2.08), got " + firstLoss);
        assertTrue(lastLoss < 0.3, "loss after training " + lastLoss);
        double accuracy = retrievalAccuracy(parameters, spec);
        assertTrue(accuracy >= 0.95, "image-to-caption accuracy on fresh images " + accuracy);
    }

    /** All eight colours in a random order, each image with fresh noise; one hard negative (another colour word). */
    private static Batch batch(ModelSpec spec, SeededRandom random) {
        int[] order = permutation(random);
        List<int[]> captions = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (int colour : order) {
            captions.add(new int[] {BOS, colour, EOS});
            images.add(image(spec, colour, random));
        }
        int other = (order[0] + 1 + random.nextInt(COLOURS.length - 1)) % COLOURS.length;
        return new Batch(captions, images, List.of(new Batch.HardNegative(0, new int[] {BOS, other, EOS})));
    }

    private static double retrievalAccuracy(ClipParameters parameters, ModelSpec spec) {
        int projection = spec.projectionDim();
        TextEncoder text = new TextEncoder(parameters.config().text(), parameters.text(), projection);
        VisionEncoder vision = new VisionEncoder(parameters.config().vision(), parameters.vision(), projection);
        List<int[]> captions = new ArrayList<>();
        for (int colour = 0; colour < COLOURS.length; colour++) {
            captions.add(new int[] {BOS, colour, EOS});
        }
        float[][] textEmbeddings = text.encode(Parallel.serial(), captions);
        SeededRandom random = SeededRandom.seeded(99);
        int correct = 0;
        int trials = 0;
        for (int repeat = 0; repeat < 4; repeat++) {
            List<float[]> images = new ArrayList<>();
            for (int colour = 0; colour < COLOURS.length; colour++) {
                images.add(image(spec, colour, random));
            }
            float[][] imageEmbeddings = vision.encode(Parallel.serial(), images);
            for (int colour = 0; colour < COLOURS.length; colour++) {
                int best = 0;
                for (int c = 1; c < COLOURS.length; c++) {
                    if (cosine(imageEmbeddings[colour], textEmbeddings[c]) > cosine(imageEmbeddings[colour], textEmbeddings[best])) {
                        best = c;
                    }
                }
                correct += best == colour ? 1 : 0;
                trials++;
            }
        }
        return (double) correct / trials;
    }

    /** CHW, CLIP-normalised values of the colour plus noise of standard deviation 0.2. */
    private static float[] image(ModelSpec spec, int colour, SeededRandom random) {
        int size = spec.imageSize();
        float[] pixels = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < size * size; i++) {
                pixels[c * size * size + i] = (float) ((COLOURS[colour][c] - 0.5) / 0.27 + 0.2 * random.nextGaussian());
            }
        }
        return pixels;
    }

    private static int[] permutation(SeededRandom random) {
        int[] order = new int[COLOURS.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }

    private static double average(List<StepReport> reports) {
        double sum = 0;
        for (StepReport report : reports) {
            sum += report.loss();
        }
        return sum / reports.size();
    }
}
