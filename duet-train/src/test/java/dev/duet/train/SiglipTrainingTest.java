/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.SiglipModel;
import dev.duet.model.SiglipTowers;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.SentencePieceTokenizer;
import dev.duet.world.WorldSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning SigLIP on the tiny SigLIP checkpoint (text and vision 32 wide, 2 layers, 64 caption
 * positions, 32 px images in 4 x 4 patches of 8 px): the training loss's gradient by every
 * parameter against central differences of the loss computed by the inference encoders, a few
 * steps lowering the loss, the written checkpoint read back by {@link SiglipModel#load}, and a
 * resumed run equal to an uninterrupted one, for the trainer and for a whole {@link TrainingRun}.
 */
class SiglipTrainingTest {

    private static final Path TINY = Path.of(System.getProperty("duet.siglip"));
    private static final String[] CAPTIONS = {"a red square", "two blue circles on grass", "a green triangle",
            "a small yellow star above a box"};
    private static final String[] NEGATIVES = {"two red circles on grass", "a large yellow star above a box"};
    private static final int[] NEGATIVE_IMAGES = {1, 3};

    /**
     * Every tensor of both towers, the logit scale and the logit bias. The weights are randomised
     * at the scale of each role first (the checkpoint's are small, which leaves the towers'
     * upper paths nearly without gradient).
     */
    @Test
    void everyParameterTensorMatchesCentralDifferences() {
        SiglipModel model = SiglipModel.load(TINY);
        SiglipParameters parameters = SiglipParameters.copyOf(model.config(), model.towers());
        TinyModels.randomize(parameters, 19);
        Batch batch = batch(model.tokenizer(), 5);
        ModelGradients gradients = parameters.zeroGradients();
        try (Parallel parallel = Parallel.of(2)) {
            ContrastiveObjective.Result result = new ContrastiveObjective(parameters, TowerTraining.all(),
                    TowerTraining.all(), true, true, 0, GroundingLoss.DEFAULT_TEMPERATURE)
                    .evaluate(parallel, batch, gradients);
            double reference = inferenceLoss(parameters, batch);
            assertEquals(reference, result.loss(), 1e-5, "training forward against the inference encoders");
        }
        List<String> failures = GradientCheckTest.compare(parameters, gradients, () -> inferenceLoss(parameters, batch),
                tensor -> true);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void stepsOnAFixedBatchLowerTheLoss() {
        SiglipModel model = SiglipModel.load(TINY);
        SiglipParameters parameters = SiglipParameters.copyOf(model.config(), model.towers());
        Batch batch = batch(model.tokenizer(), 6);
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.constant(3e-3), 4);
        try (Parallel parallel = Parallel.of(2)) {
            DualEncoderTrainer trainer = DualEncoderTrainer.start(parameters, options, parallel);
            double first = trainer.step((step, random, threads) -> batch).loss();
            double last = first;
            for (int step = 1; step < 8; step++) {
                last = trainer.step((s, random, threads) -> batch).loss();
            }
            assertTrue(last < 0.8 * first, "loss " + first + " -> " + last);
            assertTrue(parameters.logitBias() != model.score().logitBias(), "the bias is learnt");
        }
    }

    /** The checkpoint in transformers' layout loads as a model whose weights and embeddings are the trained ones. */
    @Test
    void writtenCheckpointLoadsWithTheSameWeightsAndEmbeddings(@TempDir Path out) throws IOException {
        SiglipParameters parameters = (SiglipParameters) TrainingStart.fineTuning(TINY, out);
        TinyModels.randomize(parameters, 23);
        parameters.write(out, Map.of("seed", "23"));
        for (String file : List.of("config.json", "model.safetensors", "spiece.model", "tokenizer_config.json",
                "preprocessor_config.json")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        SiglipModel reloaded = SiglipModel.load(out);
        assertEquals(parameters.config(), reloaded.config());
        List<ParameterTensor> expected = parameters.tensors();
        List<ParameterTensor> actual = SiglipParameters.copyOf(reloaded.config(), reloaded.towers()).tensors();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).name(), actual.get(i).name());
            assertArrayEquals(expected.get(i).values(), actual.get(i).values(), 0f, expected.get(i).name());
        }
        Batch batch = batch(reloaded.tokenizer(), 7);
        SiglipTowers trained = parameters.towers();
        try (Parallel parallel = Parallel.of(2)) {
            assertArrayEquals(flatten(trained.text().encode(parallel, batch.captions())),
                    flatten(reloaded.text().encode(parallel, batch.captions())), 0f);
            assertArrayEquals(flatten(trained.vision().encode(parallel, batch.images())),
                    flatten(reloaded.vision().encode(parallel, batch.images())), 0f);
        }
    }

    /** Four steps straight, and two steps, save, resume, two steps: the same bits (moments, bias and all). */
    @Test
    void resumedRunEqualsAnUninterruptedOne(@TempDir Path directory) throws IOException {
        SiglipModel model = SiglipModel.load(TINY);
        SentencePieceTokenizer tokenizer = model.tokenizer();
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.warmupThenDecay(3e-3, 2, 4, 0.5), 17)
                .withPullToInitial(0.05).withMaxGradientNorm(0.5);
        BatchSource source = (step, random, threads) -> batch(tokenizer, random.nextLong());
        List<Double> straightLosses = new ArrayList<>();
        List<Double> resumedLosses = new ArrayList<>();
        try (Parallel parallel = Parallel.of(2)) {
            DualEncoderTrainer straight = DualEncoderTrainer.start(
                    SiglipParameters.copyOf(model.config(), model.towers()), options, parallel);
            while (straight.step() < 4) {
                straightLosses.add(straight.step(source).loss());
            }
            DualEncoderTrainer first = DualEncoderTrainer.start(
                    SiglipParameters.copyOf(model.config(), model.towers()), options, parallel);
            while (first.step() < 2) {
                resumedLosses.add(first.step(source).loss());
            }
            first.save(directory);
            DualEncoderTrainer resumed = DualEncoderTrainer.resume(directory, options, parallel);
            assertEquals(2, resumed.step());
            while (resumed.step() < 4) {
                resumedLosses.add(resumed.step(source).loss());
            }
            List<ParameterTensor> expected = straight.parameters().tensors();
            List<ParameterTensor> actual = resumed.parameters().tensors();
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i).values(), actual.get(i).values(), 0f, expected.get(i).name());
            }
        }
        assertEquals(straightLosses, resumedLosses);
    }

    /**
     * A whole run on the bound world at the tiny model's 32 px (tokenized, preprocessed and
     * evaluated as SigLIP), checkpointed at step 2: a run resumed from a copy of that checkpoint
     * ends with the same weights file, evaluation table and log.
     */
    @Test
    void aRunOnTheWorldResumesToTheSameCheckpoint(@TempDir Path directory) throws IOException {
        TrainingRun.Settings settings = new TrainingRun.Settings(4, 3, 2, 1e-3, 1, 0, 0, 1, 11, 2, 3, null, null, false,
                2);
        WorldTraining world = new WorldTraining("bound", WorldSpec.bound().withImageSize(32), Set.of());
        Path whole = directory.resolve("whole");
        TrainingRun.Result uninterrupted = DatasetTrainingTest.run(TINY, settings, world, whole, directory.resolve("whole-checkpoints"), false);
        assertEquals(List.of(0L, 2L, 4L), uninterrupted.evaluations().stream().map(EvaluationRow::step).toList());
        assertTrue(uninterrupted.log().stream().allMatch(row -> Double.isFinite(row.hardNegativeAccuracy())),
                "every batch holds hard negatives");
        SiglipModel written = SiglipModel.load(whole);
        assertTrue(written.score().logitBias() != SiglipModel.load(TINY).score().logitBias(), "the bias was trained");

        Path resumedCheckpoints = directory.resolve("resumed-checkpoints");
        DatasetTrainingTest.copyTree(directory.resolve("whole-checkpoints"), resumedCheckpoints);
        Path resumed = directory.resolve("resumed");
        DatasetTrainingTest.run(TINY, settings, world, resumed, resumedCheckpoints, true);
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(resumed.resolve("model.safetensors")));
        assertEquals(Files.readAllLines(whole.resolve(TrainingTables.EVALUATION_FILE)),
                Files.readAllLines(resumed.resolve(TrainingTables.EVALUATION_FILE)));
        assertEquals(DatasetTrainingTest.withoutSpeed(TrainingTables.readLog(whole.resolve(TrainingTables.LOG_FILE))),
                DatasetTrainingTest.withoutSpeed(TrainingTables.readLog(resumed.resolve(TrainingTables.LOG_FILE))));
    }

    /** Four captions with their random images and two hard negatives, tokenized as SigLIP does (padded to 64). */
    private static Batch batch(SentencePieceTokenizer tokenizer, long seed) {
        SeededRandom random = SeededRandom.seeded(seed);
        List<int[]> captions = new ArrayList<>();
        List<float[]> images = new ArrayList<>();
        for (String caption : CAPTIONS) {
            captions.add(tokenizer.encode(caption).ids());
            float[] image = new float[3 * 32 * 32];
            for (int i = 0; i < image.length; i++) {
                image[i] = (float) random.nextGaussian();
            }
            images.add(image);
        }
        List<Batch.HardNegative> negatives = new ArrayList<>();
        for (int n = 0; n < NEGATIVES.length; n++) {
            negatives.add(new Batch.HardNegative(NEGATIVE_IMAGES[n], tokenizer.encode(NEGATIVES[n]).ids()));
        }
        return new Batch(captions, images, negatives);
    }

    /** The sigmoid loss of the batch by the inference encoders over the parameters' arrays: an independent forward. */
    private static double inferenceLoss(SiglipParameters parameters, Batch batch) {
        SiglipTowers towers = parameters.towers();
        List<int[]> sequences = new ArrayList<>(batch.captions());
        batch.negatives().forEach(negative -> sequences.add(negative.tokens()));
        float[] text = flatten(towers.text().encode(Parallel.serial(), sequences));
        float[] images = flatten(towers.vision().encode(Parallel.serial(), batch.images()));
        return SigmoidLoss.evaluate(text, images, batch.pairs(), NEGATIVE_IMAGES, parameters.projectionDim(),
                towers.score().logitScale(), towers.score().logitBias()).loss();
    }

    private static float[] flatten(float[][] rows) {
        return TinyModels.flatten(rows);
    }
}
