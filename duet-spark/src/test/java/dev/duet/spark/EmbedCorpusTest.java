/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.BadInputException;
import dev.duet.data.BadRecordPolicy;
import dev.duet.explain.Explainer;
import dev.duet.explain.Factor;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.model.DualEncoder;
import dev.duet.model.ModelFamily;
import dev.duet.tensor.Parallel;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbedCorpusTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session();
    }

    /** The six fixture images, two of them in a subfolder, and a file that is not an image. */
    private static Path corpus(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("nested"));
        try (Stream<Path> images = Files.list(SparkTests.fixtures().resolve("images"))) {
            int index = 0;
            for (Path image : images.sorted().toList()) {
                Path target = (index++ % 3 == 2 ? folder.resolve("nested") : folder).resolve(image.getFileName());
                Files.copy(image, target);
            }
        }
        return folder;
    }

    private static Map<String, Row> byKey(List<Row> rows) {
        Map<String, Row> map = new HashMap<>();
        for (Row row : rows) {
            assertNull(map.put(row.getString(row.fieldIndex("key")), row), "two rows for one key");
        }
        return map;
    }

    @Test
    void factorsAndEmbeddingsAreTheSingleMachinePathsBitForBit(@TempDir Path temp) throws IOException {
        assertSingleMachinePathsBitForBit(SparkTests.tinySettings(1), temp);
    }

    @Test
    void aSiglipCheckpointEmbedsAndFactorsAsOnOneMachine(@TempDir Path temp) throws IOException {
        Path siglip = Path.of("..", "duet-core", "src", "test", "resources", "dev", "duet", "model", "siglip-tiny");
        assertEquals(ModelFamily.SIGLIP, ModelFamily.of(siglip));
        JobSettings settings = JobSettings.resolve(siglip, null, null, Quadrature.GAUSS_LEGENDRE, 4, 1e-3, Normalization.EXACT, 1,
                JobSettings.Reference.mean(), 1);
        assertSingleMachinePathsBitForBit(settings, temp);
    }

    private void assertSingleMachinePathsBitForBit(JobSettings settings, Path temp) throws IOException {
        Path images = corpus(temp.resolve("images"));
        Files.write(images.resolve("broken.png"), new byte[] {1, 2, 3, 4});
        String out = temp.resolve("out").toString();

        EmbedCorpus.Outcome outcome = EmbedCorpus.run(spark, new CorpusInput.Folder(images.toString()), out, settings,
                BadRecordPolicy.SKIP, 3);

        assertEquals(new EmbedCorpus.Outcome(7, 7, 7, 1), outcome);
        Map<String, Row> rows = byKey(new ItemTable(out, "key", EmbedCorpus.SCHEMA).rows(spark).collectAsList());
        assertTrue(rows.get("broken.png").getString(rows.get("broken.png").fieldIndex("error")).contains("broken.png"));
        DualEncoder model = DualEncoder.load(Path.of(settings.modelDirectory()));
        try (Parallel one = Parallel.of(1); Parallel two = Parallel.of(2)) {
            Explainer explainer = Explainer.forModel(model, settings.options(), one);
            Explainer twoThreads = Explainer.forModel(model, settings.options(), two);
            int compared = 0;
            for (Map.Entry<String, Row> entry : rows.entrySet()) {
                if (entry.getKey().equals("broken.png")) {
                    continue;
                }
                Path file = images.resolve(entry.getKey());
                float[] pixels = model.preprocess(file).pixels();
                Factor expected = explainer.imageFactor(pixels);
                Factor actual = EmbedCorpus.factor(entry.getValue());
                assertArrayEquals(expected.rows(), actual.rows(), entry.getKey());
                assertEquals(expected.rowCount(), actual.rowCount());
                assertArrayEquals(expected.inputEmbedding(), actual.inputEmbedding());
                assertArrayEquals(expected.referenceEmbedding(), actual.referenceEmbedding());
                assertEquals(expected.residual(), actual.residual());
                assertEquals(expected.nodes(), actual.nodes());
                // the stored embedding is the vision tower's, as ./duet embed computes it
                assertArrayEquals(model.embedImages(one, List.of(model.preprocess(file)))[0],
                        EmbedCorpus.floats(entry.getValue(), "embedding"));
                // and the factor does not depend on how many threads computed it
                assertArrayEquals(twoThreads.imageFactor(pixels).rows(), actual.rows());
                Row settingsRow = entry.getValue().getStruct(entry.getValue().fieldIndex("settings"));
                assertEquals(settings.modelSha256(), settingsRow.getString(0));
                compared++;
            }
            assertEquals(6, compared);
        }
    }

    /** Fails on the item {@code key}: always, or on a task's first attempt only; then waits for {@code committed} files. */
    private record FailingOn(MapPartitionsFunction<Row, Row> inner, String key, boolean firstAttemptOnly, String out,
                             int committed) implements MapPartitionsFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Iterator<Row> items) throws Exception {
            List<Row> seen = new ArrayList<>();
            items.forEachRemaining(seen::add);
            boolean fail = seen.stream().anyMatch(row -> row.getString(0).equals(key))
                    && (!firstAttemptOnly || TaskContext.get().attemptNumber() == 0);
            if (fail) {
                // let other tasks commit first, so the job stops midway and not before it started
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (partFiles(out) < committed && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                throw new IllegalStateException("injected failure at " + key);
            }
            return inner.call(seen.iterator());
        }
    }

    private static long partFiles(String out) throws IOException {
        Path folder = Path.of(out);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("part-")).count();
        }
    }

    @Test
    void aJobKilledMidwayAndRunAgainEndsWithOneRowPerItem(@TempDir Path temp) throws IOException {
        Path images = corpus(temp.resolve("images"));
        JobSettings settings = SparkTests.tinySettings(1);
        String out = temp.resolve("out").toString();
        CorpusInput input = new CorpusInput.Folder(images.toString());
        // one item per task: the task of img3 fails on every attempt, once two other tasks committed their
        // files (partition 0 writes one even when empty, to keep the schema: at least one file holds a row)
        assertThrows(Exception.class, () -> EmbedCorpus.run(spark, input, out, settings, BadRecordPolicy.SKIP, 1,
                (job, conf) -> new FailingOn(new EmbedPartition(job, conf, BadRecordPolicy.SKIP),
                        "img3_orange_circle_white_square.png", false, out, 2)));
        long survived = new ItemTable(out, "key", EmbedCorpus.SCHEMA).rows(spark).count();
        assertTrue(survived >= 1 && survived < 6, "rows after the failed run: " + survived);

        // the rerun's task of img3 fails once more on its first attempt, and is retried
        EmbedCorpus.Outcome outcome = EmbedCorpus.run(spark, input, out, settings, BadRecordPolicy.SKIP, 1,
                (job, conf) -> new FailingOn(new EmbedPartition(job, conf, BadRecordPolicy.SKIP),
                        "img3_orange_circle_white_square.png", true, out, 0));

        assertEquals(new EmbedCorpus.Outcome(6, 6 - survived, 6, 0), outcome);
        Map<String, Row> rows = byKey(new ItemTable(out, "key", EmbedCorpus.SCHEMA).rows(spark).collectAsList());
        assertEquals(6, rows.size());
        assertNotNull(rows.get("img3_orange_circle_white_square.png").get(rows.get("img3_orange_circle_white_square.png")
                .fieldIndex("factor_rows")));

        // a run with other settings into the same folder is refused before any work
        JobSettings other = JobSettings.resolve(SparkTests.tinyModel(), null, 0, Quadrature.GAUSS_LEGENDRE, 4, 1e-3,
                Normalization.EXACT, 1, JobSettings.Reference.mean(), 1);
        BadInputException refused = assertThrows(BadInputException.class,
                () -> EmbedCorpus.run(spark, input, out, other, BadRecordPolicy.SKIP, 1));
        assertTrue(refused.getMessage().contains("image_layer: 2 then, 0 now"), refused.getMessage());
    }
}
