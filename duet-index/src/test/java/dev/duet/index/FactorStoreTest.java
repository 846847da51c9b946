/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.explain.Explainer;
import dev.duet.explain.Factor;
import dev.duet.explain.Normalization;
import dev.duet.index.FactorStoreException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factor store format: what it writes comes back, and every rule of the format refuses a file that breaks it. */
class FactorStoreTest {

    @TempDir
    static Path directory;

    private static Explainer explainer;
    private static StoreSettings settings;
    private static List<Factor> factors;

    @BeforeAll
    static void computeFactors() {
        explainer = TestCorpus.explainer(TestCorpus.options());
        settings = StoreSettings.of("ab".repeat(32), TestCorpus.tinyModel().vision(), explainer.options(), Precision.FLOAT32);
        factors = TestCorpus.write(directory.resolve("images"), 3, 7).stream()
                .map(file -> explainer.imageFactor(TestCorpus.tinyModel().preprocess(file).pixels())).toList();
    }

    private static Path written(String name, StoreSettings with) {
        Path file = directory.resolve(name);
        FactorStoreWriter writer = new FactorStoreWriter(with);
        for (int i = 0; i < factors.size(); i++) {
            writer.add("scene-" + i + ".png", factors.get(i));
        }
        writer.write(file);
        return file;
    }

    @Test
    void float32ItemsComeBackBitForBit() {
        try (FactorStore store = FactorStore.open(written("f32.dfs", settings), settings)) {
            assertEquals(factors.size(), store.size());
            for (int i = 0; i < factors.size(); i++) {
                Factor back = store.factor(i);
                Factor original = factors.get(i);
                assertEquals("scene-" + i + ".png", store.key(i));
                assertEquals(i, store.slot("scene-" + i + ".png"));
                assertArrayEquals(original.rows(), back.rows());
                assertArrayEquals(original.inputEmbedding(), back.inputEmbedding());
                assertArrayEquals(original.inputEmbedding(), store.embedding(i));
                assertArrayEquals(original.referenceEmbedding(), back.referenceEmbedding());
                assertEquals(original.integral().rule(), back.integral().rule());
                assertEquals(original.nodes(), back.nodes());
                assertEquals(original.residual(), back.residual());
                assertEquals(Normalization.EXACT, back.normalization());
            }
        }
    }

    @Test
    void float16ItemsAreHalfTheRowsWithinHalfPrecision() throws IOException {
        StoreSettings half = withPrecision(Precision.FLOAT16);
        Path file = written("f16.dfs", half);
        long f32 = Files.size(written("f32-size.dfs", settings));
        long rowBytes = (long) settings.rows() * settings.dim() * factors.size();
        // the headers differ by the precision's name only: "float16" and "float32" have the same length
        assertEquals(f32 - 2 * rowBytes, Files.size(file));
        try (FactorStore store = FactorStore.open(file, half)) {
            for (int i = 0; i < factors.size(); i++) {
                float[] original = factors.get(i).rows();
                float[] back = store.factor(i).rows();
                for (int j = 0; j < original.length; j++) {
                    // binary16 keeps 11 significant bits: relative error at most 2^-11 above its normal range
                    assertEquals(original[j], back[j], Math.abs(original[j]) * 0x1p-11f + 0x1p-24f);
                }
                assertArrayEquals(factors.get(i).inputEmbedding(), store.embedding(i), "embeddings stay float32");
            }
        }
    }

    private static StoreSettings withPrecision(Precision precision) {
        return new StoreSettings(settings.modelSha256(), settings.imageLayer(), settings.imageReference(), settings.normalization(),
                settings.quadrature(), settings.steps(), settings.tolerance(), precision, settings.rows(), settings.dim(),
                settings.gridRows(), settings.gridCols());
    }

    @Test
    void aStoreOfOtherSettingsIsRefusedNamingTheSetting() {
        StoreSettings otherLayer = new StoreSettings(settings.modelSha256(), settings.imageLayer() - 1, settings.imageReference(),
                settings.normalization(), settings.quadrature(), settings.steps(), settings.tolerance(), settings.precision(),
                settings.rows(), settings.dim(), settings.gridRows(), settings.gridCols());
        Path file = written("other.dfs", settings);
        FactorStoreException refused = assertThrows(FactorStoreException.class, () -> FactorStore.open(file, otherLayer));
        assertEquals(Reason.OTHER_SETTINGS, refused.reason());
        assertTrue(refused.getMessage().contains("image_layer"), refused.getMessage());
        StoreSettings otherModel = new StoreSettings("cd".repeat(32), settings.imageLayer(), settings.imageReference(),
                settings.normalization(), settings.quadrature(), settings.steps(), settings.tolerance(), settings.precision(),
                settings.rows(), settings.dim(), settings.gridRows(), settings.gridCols());
        assertEquals(Reason.OTHER_SETTINGS, assertThrows(FactorStoreException.class, () -> FactorStore.open(file, otherModel)).reason());
    }

    @Test
    void settingsSurviveTheirJson() {
        assertEquals(settings, StoreSettings.fromJson(settings.toJson()));
        StoreSettings blurred = StoreSettings.of(settings.modelSha256(), TestCorpus.tinyModel().vision(),
                explainer.options().withImageReference(new dev.duet.explain.ImageReference.Blurred(3.5)), Precision.FLOAT16);
        assertEquals(blurred, StoreSettings.fromJson(blurred.toJson()));
        StoreSettings constant = StoreSettings.of(settings.modelSha256(), TestCorpus.tinyModel().vision(),
                explainer.options().withImageReference(new dev.duet.explain.ImageReference.Constant(0.25f, 0.5f, 1f)), Precision.FLOAT32);
        assertEquals(constant, StoreSettings.fromJson(constant.toJson()));
        // a store written before class_row was recorded: all of them kept CLIP's CLS row
        com.fasterxml.jackson.databind.node.ObjectNode earlier = settings.toJson();
        earlier.remove("class_row");
        assertEquals(settings, StoreSettings.fromJson(earlier));
        StoreSettings withoutClass = new StoreSettings(settings.modelSha256(), settings.imageLayer(),
                settings.imageReference(), settings.normalization(), settings.quadrature(), settings.steps(),
                settings.tolerance(), settings.precision(), settings.rows() - 1, settings.dim(), settings.gridRows(),
                settings.gridCols(), false);
        assertEquals(withoutClass, StoreSettings.fromJson(withoutClass.toJson()));
        assertThrows(IllegalArgumentException.class, () -> new StoreSettings(settings.modelSha256(), settings.imageLayer(),
                settings.imageReference(), settings.normalization(), settings.quadrature(), settings.steps(),
                settings.tolerance(), settings.precision(), settings.rows(), settings.dim(), settings.gridRows(),
                settings.gridCols(), false), "a grid without a class row has one row fewer");
    }

    // ---- one test per rule of the format ----

    private static byte[] bytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    private static Reason reasonFor(String name, byte[] content) throws IOException {
        Path file = directory.resolve(name);
        Files.write(file, content);
        return assertThrows(FactorStoreException.class, () -> FactorStore.open(file).close()).reason();
    }

    private static int headerLength(byte[] store) {
        return ByteBuffer.wrap(store).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    }

    /** A store whose header is replaced by {@code header} (data and alignment recomputed as the writer would). */
    private static byte[] withHeader(byte[] store, String header) {
        int oldEnd = 16 + headerLength(store);
        int dataStart = (oldEnd + 7) / 8 * 8;
        byte[] data = Arrays.copyOfRange(store, dataStart, store.length);
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        int newEnd = 16 + text.length;
        int newStart = (newEnd + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(newStart + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(store, 0, 12).putInt(text.length).put(text).position(newStart);
        out.put(data);
        return out.array();
    }

    private static String header(byte[] store) {
        return new String(store, 16, headerLength(store), StandardCharsets.UTF_8);
    }

    @Test
    void notAStore() throws IOException {
        assertEquals(Reason.NOT_A_STORE, reasonFor("short.dfs", new byte[5]));
        byte[] store = bytes(written("magic.dfs", settings));
        store[0] = 'X';
        assertEquals(Reason.NOT_A_STORE, reasonFor("magic-broken.dfs", store));
    }

    @Test
    void unsupportedVersion() throws IOException {
        byte[] store = bytes(written("version.dfs", settings));
        store[8] = 2;
        assertEquals(Reason.UNSUPPORTED_VERSION, reasonFor("version-2.dfs", store));
    }

    @Test
    void headerSize() throws IOException {
        byte[] store = bytes(written("header-size.dfs", settings));
        ByteBuffer.wrap(store).order(ByteOrder.LITTLE_ENDIAN).putInt(12, store.length);
        assertEquals(Reason.HEADER_SIZE, reasonFor("header-past-end.dfs", store));
        ByteBuffer.wrap(store).order(ByteOrder.LITTLE_ENDIAN).putInt(12, -5);
        assertEquals(Reason.HEADER_SIZE, reasonFor("header-negative.dfs", store));
    }

    @Test
    void header() throws IOException {
        byte[] store = bytes(written("header.dfs", settings));
        String header = header(store);
        assertEquals(Reason.HEADER, reasonFor("header-not-json.dfs", withHeader(store, "{" + header)));
        assertEquals(Reason.HEADER, reasonFor("header-no-dim.dfs", withHeader(store, header.replace("\"dim\"", "\"width\""))));
        assertEquals(Reason.HEADER, reasonFor("header-bad-nodes.dfs", withHeader(store, header.replaceFirst("\"nodes\":\\d+", "\"nodes\":0"))));
        assertEquals(Reason.HEADER, reasonFor("header-twice.dfs", withHeader(store, header.replace("{\"duet_version\"",
                "{\"items\":[],\"duet_version\""))));
        byte[] latin1 = withHeader(store, header);
        latin1[16 + header.indexOf("scene")] = (byte) 0xff;
        assertEquals(Reason.HEADER, reasonFor("header-not-utf8.dfs", latin1));
    }

    @Test
    void sizeMismatch() throws IOException {
        byte[] store = bytes(written("size.dfs", settings));
        assertEquals(Reason.SIZE_MISMATCH, reasonFor("truncated.dfs", Arrays.copyOf(store, store.length - 1)));
        assertEquals(Reason.SIZE_MISMATCH, reasonFor("longer.dfs", Arrays.copyOf(store, store.length + 1)));
        String header = header(store);
        assertEquals(Reason.SIZE_MISMATCH, reasonFor("rows-lie.dfs", withHeader(store, header.replace("\"rows\":" + settings.rows(),
                "\"rows\":" + (2 * settings.rows() - 1)).replace("\"grid\":[4,4]", "\"grid\":[4,8]"))));
    }

    @Test
    void padding() throws IOException {
        byte[] store = bytes(written("padding.dfs", settings));
        String header = header(store);
        // pad the header so that alignment bytes follow it, then make one of them non-zero
        StringBuilder padded = new StringBuilder(header);
        while ((16 + padded.length()) % 8 != 5) {
            padded.append(' ');
        }
        byte[] aligned = withHeader(store, padded.toString());
        int end = 16 + headerLength(aligned);
        assertTrue(end % 8 != 0, "the header leaves alignment bytes");
        aligned[end] = 1;
        assertEquals(Reason.PADDING, reasonFor("padding-set.dfs", aligned));
    }

    @Test
    void duplicateKey() throws IOException {
        byte[] store = bytes(written("duplicate.dfs", settings));
        assertEquals(Reason.DUPLICATE_KEY, reasonFor("duplicate-key.dfs", withHeader(store, header(store).replace("scene-1.png", "scene-0.png"))));
    }

    @Test
    void nonFinite() throws IOException {
        Path file = written("nan.dfs", settings);
        byte[] store = bytes(file);
        ByteBuffer.wrap(store).order(ByteOrder.LITTLE_ENDIAN).putFloat(store.length - 4, Float.NaN);
        Path broken = directory.resolve("nan-set.dfs");
        Files.write(broken, store);
        try (FactorStore opened = FactorStore.open(broken)) {
            opened.factor(0);
            FactorStoreException refused = assertThrows(FactorStoreException.class, () -> opened.factor(factors.size() - 1));
            assertEquals(Reason.NON_FINITE, refused.reason());
            assertTrue(refused.getMessage().startsWith(broken + ": item 2 ('scene-2.png')"), refused.getMessage());
        }
    }

    @Test
    void anyCorruptionIsRefusedAsBadInputNeverAsACrash() throws IOException {
        byte[] original = bytes(written("mutated.dfs", settings));
        java.util.Random random = new java.util.Random(18);
        Path file = directory.resolve("mutant.dfs");
        int refused = 0;
        for (int trial = 0; trial < 400; trial++) {
            byte[] mutant = original.clone();
            switch (trial % 4) {
                // a byte of the prefix or header (where sizes and offsets live), a byte anywhere, a cut, a bit flip
                case 0 -> mutant[random.nextInt(Math.min(mutant.length, 16 + headerLength(original)))] = (byte) random.nextInt(256);
                case 1 -> mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
                case 2 -> mutant = Arrays.copyOf(mutant, random.nextInt(mutant.length));
                default -> mutant[random.nextInt(mutant.length)] ^= (byte) (1 << random.nextInt(8));
            }
            Files.write(file, mutant);
            try (FactorStore store = FactorStore.open(file)) {
                for (int slot = 0; slot < store.size(); slot++) {
                    store.factor(slot);
                }
            } catch (FactorStoreException expected) {
                refused++;
            }
        }
        assertTrue(refused > 100, refused + " of 400 mutants refused");
    }
}
