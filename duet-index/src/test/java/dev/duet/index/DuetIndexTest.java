/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.BadInputException;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.Factor;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An index of 14 generated scenes under the tiny model: search against brute force, stored explanations against fresh ones. */
class DuetIndexTest {

    static final int IMAGES = 14;
    static final List<String> QUERIES = List.of("a red circle", "a blue square and a green oval", "yellow", "two black squares",
            "a white rectangle on a magenta field");

    @TempDir
    static Path directory;

    private static Path images;
    private static Path index;
    private static Parallel parallel;
    private static DuetIndex opened;

    @BeforeAll
    static void build() throws IOException {
        images = directory.resolve("images");
        TestCorpus.write(images, IMAGES, 11);
        index = directory.resolve("index");
        IndexBuilder.Summary summary = builder(Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 4).build(images, index, progress -> { });
        assertEquals(new IndexBuilder.Summary(IMAGES, 0, 0, List.of(), IMAGES), summary);
        parallel = Parallel.of(2);
        opened = DuetIndex.open(index, TestCorpus.tinyModel(), parallel, null);
    }

    @AfterAll
    static void close() {
        opened.close();
        parallel.close();
    }

    static IndexBuilder builder(Precision precision, IndexBuilder.OnBadImage onBadImage, int commitEvery) {
        return new IndexBuilder(TestCorpus.tinyModel(), TestCorpus.explainer(TestCorpus.options()), precision, onBadImage, commitEvery);
    }

    @Test
    void topTenIsTheBruteForceTopTenOverTheEmbeddings() {
        ClipModel model = TestCorpus.tinyModel();
        List<String> keys = ImageFiles.list(images);
        assertEquals(IMAGES, keys.size());
        float[][] embeddings = model.embedImages(parallel, keys.stream().map(key -> model.preprocess(ImageFiles.resolve(images, key))).toList());
        for (String query : QUERIES) {
            float[] text = model.embedTexts(parallel, List.of(query))[0];
            List<Integer> order = new ArrayList<>();
            double[] cosines = new double[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                cosines[i] = cosine(text, embeddings[i]);
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> -cosines[i]));
            List<SearchHit> hits = opened.search(query, 10).hits();
            assertEquals(order.subList(0, 10).stream().map(keys::get).toList(), hits.stream().map(SearchHit::key).toList(), query);
            for (SearchHit hit : hits) {
                assertEquals(cosines[keys.indexOf(hit.key())], hit.similarity(), 1e-5, query);
                assertEquals(ImageFiles.resolve(images.toAbsolutePath(), hit.key()), hit.file());
            }
        }
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

    @Test
    void aStoredFactorExplainsExactlyAsAFreshOne() {
        Explainer explainer = opened.explainer();
        for (String query : QUERIES.subList(0, 2)) {
            DuetIndex.Results results = opened.search(query, 3);
            Factor text = opened.textFactor(results.query());
            List<Explanation> stored = opened.explainAll(results.query(), results.hits());
            for (int i = 0; i < results.hits().size(); i++) {
                SearchHit hit = results.hits().get(i);
                Factor fresh = explainer.imageFactor(TestCorpus.tinyModel().preprocess(hit.file()).pixels());
                Explanation expected = explainer.explain(text, fresh);
                Explanation actual = stored.get(i);
                assertArrayEquals(expected.interactions(), actual.interactions(), hit.key());
                assertEquals(expected.completeness(), actual.completeness(), hit.key());
                assertEquals(expected.similarity(), actual.similarity(), hit.key());
                assertEquals(hit.similarity(), actual.similarity(), 1e-6, "the search's cosine is the explanation's");
            }
        }
    }

    @Test
    void theContrastOfTwoResultsIsTheDifferenceOfTheirMaps() {
        DuetIndex.Results results = opened.search("a red circle", 2);
        List<Explanation> explained = opened.explainAll(results.query(), results.hits());
        int words = results.query().size() - 1;
        float[] contrast = DuetIndex.contrast(explained.get(0), explained.get(1), 1, words);
        float[] first = explained.get(0).spanMap(1, words);
        float[] second = explained.get(1).spanMap(1, words);
        assertEquals(16, contrast.length);
        for (int patch = 0; patch < contrast.length; patch++) {
            assertEquals(first[patch] - second[patch], contrast[patch]);
        }
        assertThrows(IllegalArgumentException.class, () -> DuetIndex.contrast(explained.get(0), explained.get(1), 2, 2));
    }

    @Test
    void float16StoresChangeTheInteractionsByLittle() throws IOException {
        Path half = directory.resolve("half");
        builder(Precision.FLOAT16, IndexBuilder.OnBadImage.FAIL, 8).build(images, half, progress -> { });
        double worst = 0;
        try (DuetIndex halfIndex = DuetIndex.open(half, TestCorpus.tinyModel(), parallel, null)) {
            for (String query : QUERIES) {
                DuetIndex.Results results = opened.search(query, IMAGES);
                assertEquals(results.hits().stream().map(SearchHit::key).toList(),
                        halfIndex.search(query, IMAGES).hits().stream().map(SearchHit::key).toList(), "embeddings stay float32");
                List<Explanation> full = opened.explainAll(results.query(), results.hits());
                List<Explanation> halved = halfIndex.explainAll(results.query(), halfIndex.search(query, IMAGES).hits());
                for (int i = 0; i < full.size(); i++) {
                    float[] a = full.get(i).interactions();
                    float[] b = halved.get(i).interactions();
                    double largest = 0;
                    double error = 0;
                    for (int j = 0; j < a.length; j++) {
                        largest = Math.max(largest, Math.abs(a[j]));
                        error = Math.max(error, Math.abs(a[j] - b[j]));
                    }
                    worst = Math.max(worst, error / largest);
                }
            }
        }
        System.out.printf("float16 factors: max |A_f16 - A_f32| / max |A| = %.2e over %d queries x %d images%n", worst,
                QUERIES.size(), IMAGES);
        // measured 1.9e-3 on the tiny random-weight model: binary16 keeps 11 bits (2^-11 = 4.9e-4 relative per entry),
        // and the entries of A are sums over P products that cancel, so their error relative to max |A| is larger
        assertTrue(worst > 0 && worst < 5e-3, "relative error " + worst);
    }

    @Test
    void aQueryWithoutTokensIsRefused() {
        BadInputException refused = assertThrows(BadInputException.class, () -> opened.search("   ", 10));
        assertTrue(refused.getMessage().contains("holds no token"), refused.getMessage());
        assertThrows(BadInputException.class, () -> opened.search("a red circle", 0));
    }

    @Test
    void anIndexOfAnotherModelIsRefused() throws IOException {
        Path copy = directory.resolve("other-model");
        Files.createDirectories(copy);
        for (String name : List.of("config.json", "model.safetensors", "preprocessor_config.json", "vocab.json", "merges.txt")) {
            Files.copy(TestCorpus.tinyModelFolder().resolve(name), copy.resolve(name));
        }
        // a changed vocabulary entry's worth of bytes: the checksum names a different model
        Files.writeString(copy.resolve("config.json"), Files.readString(copy.resolve("config.json")) + "\n");
        ClipModel other = ClipModel.load(copy);
        BadInputException refused = assertThrows(BadInputException.class, () -> DuetIndex.open(index, other, parallel, null));
        assertTrue(refused.getMessage().startsWith(index + ": was built with another model"), refused.getMessage());
    }

    @Test
    void aFactorFileOfOtherSettingsIsRefused() throws IOException {
        Path foreign = directory.resolve("foreign");
        builder(Precision.FLOAT16, IndexBuilder.OnBadImage.FAIL, 4).build(images, foreign, progress -> { });
        Path mixed = directory.resolve("mixed");
        copyTree(index, mixed);
        Files.copy(IndexManifest.chunkFile(foreign, 1), IndexManifest.chunkFile(mixed, 1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FactorStoreException refused = assertThrows(FactorStoreException.class,
                () -> DuetIndex.open(mixed, TestCorpus.tinyModel(), parallel, null));
        assertEquals(FactorStoreException.Reason.OTHER_SETTINGS, refused.reason());
        assertTrue(refused.getMessage().contains("precision"), refused.getMessage());

        BadInputException resumed = assertThrows(BadInputException.class,
                () -> builder(Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 4).build(images, foreign, progress -> { }));
        assertTrue(resumed.getMessage().contains("was built with other settings (precision"), resumed.getMessage());
    }

    @Test
    void anInfiniteStoredValueIsRefusedWhenItsHitIsExplained() throws IOException {
        Path broken = directory.resolve("infinite");
        copyTree(index, broken);
        Path chunk = IndexManifest.chunkFile(broken, 0);
        byte[] bytes = Files.readAllBytes(chunk);
        // the last value of the chunk's last item: one entry of its V, which the product reads and never copies whole
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(bytes.length - Float.BYTES,
                Float.POSITIVE_INFINITY);
        Files.write(chunk, bytes);
        try (DuetIndex infinite = DuetIndex.open(broken, TestCorpus.tinyModel(), parallel, null)) {
            DuetIndex.Results results = infinite.search(QUERIES.getFirst(), IMAGES);
            FactorStoreException refused = assertThrows(FactorStoreException.class,
                    () -> infinite.explainAll(results.query(), results.hits()));
            assertEquals(FactorStoreException.Reason.NON_FINITE, refused.reason());
            assertTrue(refused.getMessage().startsWith(chunk + ": item 3 ("), refused.getMessage());
        }
    }

    @Test
    void aCorruptOrForeignIndexIsRefused() throws IOException {
        Path truncated = directory.resolve("truncated");
        copyTree(index, truncated);
        Path chunk = IndexManifest.chunkFile(truncated, 2);
        byte[] whole = Files.readAllBytes(chunk);
        Files.write(chunk, java.util.Arrays.copyOf(whole, whole.length - 10));
        assertEquals(FactorStoreException.Reason.SIZE_MISMATCH, assertThrows(FactorStoreException.class,
                () -> DuetIndex.open(truncated, TestCorpus.tinyModel(), parallel, null)).reason());

        Path missing = directory.resolve("missing-chunk");
        copyTree(index, missing);
        Files.delete(IndexManifest.chunkFile(missing, 3));
        BadInputException gone = assertThrows(BadInputException.class, () -> DuetIndex.open(missing, TestCorpus.tinyModel(), parallel, null));
        assertTrue(gone.getMessage().contains("chunk-000003.dfs: file not found"), gone.getMessage());

        Path notAnIndex = directory.resolve("images");
        BadInputException foreign = assertThrows(BadInputException.class, () -> DuetIndex.open(notAnIndex, TestCorpus.tinyModel(), parallel, null));
        assertTrue(foreign.getMessage().contains("not a Duet index"), foreign.getMessage());

        Path garbage = directory.resolve("garbage");
        copyTree(index, garbage);
        try (var files = Files.list(IndexManifest.luceneFolder(garbage))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("segments_")).toList()) {
                Files.write(file, new byte[] {1, 2, 3});
            }
        }
        BadInputException corrupt = assertThrows(BadInputException.class, () -> DuetIndex.open(garbage, TestCorpus.tinyModel(), parallel, null));
        assertTrue(corrupt.getMessage().startsWith(garbage.toString()), corrupt.getMessage());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
