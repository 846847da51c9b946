/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.DatasetKind;
import dev.duet.data.DatasetSplit;
import dev.duet.data.GroundingDataset;
import dev.duet.data.GroundingReaders;
import dev.duet.data.RecordProblems;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.ClipCheckpoint;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.ClipTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning on data sets in their real formats with the fixture model (64 px in 16 px patches,
 * a 4x4 grid): batches repeat from the seed, hard negatives come from the caption's own HNC
 * negatives, a few steps lower the loss, held-out grounding is scored per class into the table,
 * a resumed run ends with the uninterrupted run's weights, and bad input names its file.
 */
class DatasetTrainingTest {

    private static final Path TINY = Path.of(System.getProperty("duet.shared"), "fixtures", "models", "tiny");

    @TempDir
    Path directory;

    private final ClipTokenizer tokenizer = ClipTokenizer.load(TINY, 77);
    private final ImagePreprocessor preprocessor =
            new ImagePreprocessor(PreprocessorConfig.load(TINY.resolve("preprocessor_config.json")));
    private final ClipCheckpoint tiny = ClipCheckpoint.load(TINY);

    private static GroundingDataset read(DatasetKind kind, Path dir, DatasetSplit split) {
        return GroundingReaders.read(kind, dir, split, RecordProblems.failing());
    }

    private DatasetBatches batches(DatasetKind kind, Path dir, int batch, int negatives) {
        return new DatasetBatches(read(kind, dir, DatasetSplit.TRAIN), tokenizer, preprocessor, tiny.config().vision(),
                batch, negatives);
    }

    @Test
    void batchesRepeatFromTheSeedWhateverTheThreadsAndHoldDifferentImages() throws IOException {
        DatasetBatches source = batches(DatasetKind.COCO, DatasetFolders.coco(directory.resolve("coco"), 6, 2), 4, 0);
        Batch first;
        Batch again;
        try (Parallel one = Parallel.of(1); Parallel two = Parallel.of(2)) {
            first = source.next(0, SeededRandom.seeded(7), one);
            again = source.next(0, SeededRandom.seeded(7), two);
        }
        assertEquals(4, first.pairs());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(first.captions().get(i), again.captions().get(i));
            assertArrayEquals(first.images().get(i), again.images().get(i));
            for (int j = 0; j < i; j++) {
                assertFalse(java.util.Arrays.equals(first.images().get(i), first.images().get(j)), "images " + j + ", " + i);
            }
        }
        assertEquals(first.regions().size(), again.regions().size());
        assertFalse(first.regions().isEmpty(), "'dog', 'dogs', 'cat', 'cats' name boxes");
        for (int r = 0; r < first.regions().size(); r++) {
            assertArrayEquals(first.regions().get(r).tokens(), again.regions().get(r).tokens());
            assertArrayEquals(first.regions().get(r).patches(), again.regions().get(r).patches());
        }
        assertTrue(first.negatives().isEmpty(), "COCO has no hard negatives");
    }

    @Test
    void hncBatchesPutEachPositiveAgainstANegativeMadeFromIt() throws IOException {
        DatasetBatches source = batches(DatasetKind.HNC, DatasetFolders.hnc(directory.resolve("hnc"), 5, 2), 4, 3);
        Batch batch = source.next(0, SeededRandom.seeded(3), Parallel.serial());
        assertEquals(3, batch.negatives().size(), "one a caption, up to --negatives");
        for (Batch.HardNegative negative : batch.negatives()) {
            int[] positive = batch.captions().get(negative.image());
            Set<Integer> changed = new HashSet<>();
            for (int id : negative.tokens()) {
                changed.add(id);
            }
            for (int id : positive) {
                changed.remove(id);
            }
            assertEquals(positive.length, negative.tokens().length);
            assertEquals(1, changed.size(), "one word of the image's own caption swapped");
        }
    }

    @Test
    void aFewStepsLowerTheLossOnAFixedBatch() throws IOException {
        Batch fixed = batches(DatasetKind.FLICKR30K_ENTITIES, DatasetFolders.flickr(directory.resolve("flickr"), 4, 1), 4, 0)
                .next(0, SeededRandom.seeded(1), Parallel.serial());
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.constant(1e-3), 5);
        List<StepReport> reports = new ArrayList<>();
        try (Parallel parallel = Parallel.of(2)) {
            DualEncoderTrainer trainer = DualEncoderTrainer.start(ClipParameters.copyOf(tiny.config(), tiny.weights()), options, parallel);
            for (int step = 0; step < 5; step++) {
                reports.add(trainer.step((s, random, threads) -> fixed));
            }
        }
        assertTrue(reports.getLast().loss() < reports.getFirst().loss() - 0.05,
                "loss " + reports.getFirst().loss() + " then " + reports.getLast().loss());
    }

    @Test
    void heldOutGroundingIsScoredPerClassAndAResumedRunEndsAsTheUninterruptedOne() throws IOException {
        Path coco = DatasetFolders.coco(directory.resolve("coco"), 6, 3);
        DatasetTraining data = DatasetTraining.of(DatasetKind.COCO, coco, read(DatasetKind.COCO, coco, DatasetSplit.TRAIN),
                read(DatasetKind.COCO, coco, DatasetSplit.VAL), 2);
        assertEquals(Set.of("cat", "dog"), data.groups());
        assertEquals(2, data.heldOut().images().size(), "the first two val images");
        TrainingRun.Settings settings = new TrainingRun.Settings(4, 3, 0, 1e-3, 1, 0, 0, 1, 11, 2, 0, null, null, false, 2);

        Path whole = directory.resolve("whole");
        TrainingRun.Result uninterrupted = run(settings, data, whole, directory.resolve("whole-checkpoints"), false);
        assertEquals(List.of(0L, 2L, 4L), uninterrupted.evaluations().stream().map(EvaluationRow::step).toList());
        for (EvaluationRow row : uninterrupted.evaluations()) {
            assertEquals(Set.of("cat", "dog"), row.groups().keySet());
            assertEquals(4, row.phrases(), "2 images x 2 captions x 1 phrase, all visible in the crop");
            assertTrue(row.grounding() >= 0 && row.grounding() <= 1, "a share: " + row.grounding());
            assertTrue(row.groundingChance() > 0 && row.groundingChance() < 1, "the boxes cover part of the grid");
            for (EvaluationRow.Group group : row.groups().values()) {
                for (double share : new double[] {group.grounding(), group.massInBox()}) {
                    assertTrue(share >= 0 && share <= 1, "a share: " + group);
                }
                assertTrue(group.chance() > 0 && group.chance() < 1, "the class's boxes cover part of the grid: " + group);
            }
            assertTrue(row.phrasesPerSecond() > 0 && Double.isFinite(row.phrasesPerSecond()), "measured: " + row);
            for (double share : new double[] {row.textToImage(), row.imageToText()}) {
                assertTrue(share >= 0 && share <= 1, "retrieval among the held-out images: " + share);
            }
            assertTrue(Double.isNaN(row.hardNegative()), "COCO has no hard negatives");
        }
        List<String> table = Files.readAllLines(whole.resolve(TrainingTables.EVALUATION_FILE));
        assertTrue(table.getFirst().endsWith("\tphrases_per_second\tgrounding_cat\tgrounding_dog\tmass_in_box_cat"
                + "\tmass_in_box_dog\tchance_cat\tchance_dog"), table.getFirst());
        assertEquals(4, table.size(), "header and steps 0, 2, 4");

        // the uninterrupted run saved a checkpoint at step 2 into a folder of its own; a run that
        // resumes from a copy of it must end with the same weights and table
        Path resumedCheckpoints = directory.resolve("resumed-checkpoints");
        copyTree(directory.resolve("whole-checkpoints"), resumedCheckpoints);
        Path resumed = directory.resolve("resumed");
        run(settings, data, resumed, resumedCheckpoints, true);
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(resumed.resolve("model.safetensors")));
        assertEquals(evaluationsWithoutSpeed(TrainingTables.readEvaluations(whole.resolve(TrainingTables.EVALUATION_FILE))),
                evaluationsWithoutSpeed(TrainingTables.readEvaluations(resumed.resolve(TrainingTables.EVALUATION_FILE))));
        assertEquals(withoutSpeed(TrainingTables.readLog(whole.resolve(TrainingTables.LOG_FILE))),
                withoutSpeed(TrainingTables.readLog(resumed.resolve(TrainingTables.LOG_FILE))));
    }

    /** The log's rows with the wall-time column (pairs per second) zeroed: the only one a machine's load may change. */
    static List<TrainingLogRow> withoutSpeed(List<TrainingLogRow> rows) {
        return rows.stream().map(row -> new TrainingLogRow(row.step(), row.loss(), row.learningRate(), row.gradientNorm(),
                row.logitScale(), row.imageToTextAccuracy(), row.textToImageAccuracy(), row.hardNegativeAccuracy(), 0,
                row.groundingLoss(), row.logitBias())).toList();
    }

    /** The evaluation rows with the wall-time column (phrases per second) zeroed: the only one a machine's load may change. */
    static List<EvaluationRow> evaluationsWithoutSpeed(List<EvaluationRow> rows) {
        return rows.stream().map(row -> new EvaluationRow(row.step(), row.textToImage(), row.imageToText(),
                row.hardNegative(), row.grounding(), row.groundingChance(), row.phrases(), row.newConceptGrounding(),
                row.newConceptPhrases(), row.knownConceptGrounding(), 0, row.groups())).toList();
    }

    @Test
    void hncTrainingPutsPositivesAgainstTheirNegativesAndScoresGroundingPerType() throws IOException {
        Path hnc = DatasetFolders.hnc(directory.resolve("hnc"), 5, 2);
        DatasetTraining data = DatasetTraining.of(DatasetKind.HNC, hnc, read(DatasetKind.HNC, hnc, DatasetSplit.TRAIN),
                read(DatasetKind.HNC, hnc, DatasetSplit.VAL), 10);
        TrainingRun.Settings settings = new TrainingRun.Settings(2, 4, 4, 1e-3, 1, 0, 0, 1, 11, 0, 0, null, null, false, 0);
        TrainingRun.Result result = run(settings, data, directory.resolve("out"), directory.resolve("checkpoints"), false);
        assertTrue(result.log().stream().allMatch(row -> Double.isFinite(row.hardNegativeAccuracy())),
                "every batch holds hard negatives");
        assertEquals(Set.of("attribute", "object"), result.evaluations().getFirst().groups().keySet());
        assertEquals(2, result.evaluations().getFirst().phrases(), "one phrase per held-out positive");
        assertTrue(result.evaluations().stream().allMatch(row -> Double.isFinite(row.hardNegative())),
                "held-out positives against their negatives");
    }

    private static TrainingRun.Result run(TrainingRun.Settings settings, TrainingData data, Path out, Path checkpoints,
                                          boolean resume) throws IOException {
        return run(TINY, settings, data, out, checkpoints, resume);
    }

    /** A run fine-tuning the model in {@code init} into {@code out}, silent. */
    static TrainingRun.Result run(Path init, TrainingRun.Settings settings, TrainingData data, Path out, Path checkpoints,
                                  boolean resume) throws IOException {
        Files.createDirectories(out);
        ModelParameters initial = TrainingStart.fineTuning(init, out);
        try (Parallel parallel = Parallel.of(2)) {
            return new TrainingRun(settings, data, parallel, new PrintWriter(new StringWriter()),
                    TrainingRun.StepLines.APPENDED)
                    .run(out, initial, init.toString(), new TrainingRun.Checkpoints(checkpoints, "test\n", resume));
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    @Test
    void fineTuningKeepsTheModelsOwnPreprocessing() throws IOException {
        Path model = Files.createDirectories(directory.resolve("model"));
        try (var files = Files.list(TINY)) {
            for (Path file : files.toList()) {
                Files.copy(file, model.resolve(file.getFileName().toString()));
            }
        }
        String ownMean = Files.readString(TINY.resolve("preprocessor_config.json")).replace("0.48145466", "0.5");
        Files.writeString(model.resolve("preprocessor_config.json"), ownMean);
        Path out = Files.createDirectories(directory.resolve("out"));
        TrainingStart.fineTuning(model, out);
        assertEquals(ownMean, Files.readString(out.resolve("preprocessor_config.json")));
        Files.writeString(model.resolve("preprocessor_config.json"), ownMean.replace("\"height\": 64", "\"height\": 48"));
        BadInputException crop = assertThrows(BadInputException.class, () -> TrainingStart.fineTuning(model, out));
        assertTrue(crop.getMessage().contains("preprocessor_config.json"), crop.getMessage());
    }

    @Test
    void heldOutImagesThatAreAlsoTrainedOnAreRefusedByName() throws IOException {
        Path coco = DatasetFolders.coco(directory.resolve("coco"), 4, 2);
        GroundingDataset training = read(DatasetKind.COCO, coco, DatasetSplit.TRAIN);
        BadInputException overlap = assertThrows(BadInputException.class,
                () -> DatasetTraining.of(DatasetKind.COCO, coco, training, training, 2));
        assertTrue(overlap.getMessage().contains("000000000001.jpg") && overlap.getMessage().contains("both"),
                overlap.getMessage());
    }

    @Test
    void aMissingTrainingFileOrTooFewImagesIsBadInputNamingIt() throws IOException {
        Path coco = DatasetFolders.coco(directory.resolve("coco"), 3, 1);
        Files.delete(coco.resolve("annotations/captions_train2017.json"));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> read(DatasetKind.COCO, coco, DatasetSplit.TRAIN));
        assertTrue(missing.getMessage().contains("captions_train2017.json"), missing.getMessage());

        Path flickr = DatasetFolders.flickr(directory.resolve("flickr"), 3, 1);
        BadInputException few = assertThrows(BadInputException.class,
                () -> batches(DatasetKind.FLICKR30K_ENTITIES, flickr, 4, 0));
        assertTrue(few.getMessage().contains("3 images"), few.getMessage());

        Path hnc = DatasetFolders.hnc(directory.resolve("hnc"), 3, 1);
        Files.delete(hnc.resolve("images/2354001.jpg"));
        RecordProblems skipping = new RecordProblems(BadRecordPolicy.SKIP);
        assertEquals(2, GroundingReaders.read(DatasetKind.HNC, hnc, DatasetSplit.TRAIN, skipping).images().size());
        assertTrue(skipping.firstReasons().getFirst().contains("2354001.jpg"), skipping.firstReasons().toString());
    }
}
