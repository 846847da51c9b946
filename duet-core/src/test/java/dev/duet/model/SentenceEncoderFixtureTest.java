/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny random sentence-transformers BERT checkpoint (2 layers, width 32) against
 * tools/references/bert.py, an independent PyTorch reading of transformers' modeling_bert.py and
 * sentence-transformers' pooling: ids, last hidden states, mean-pooled and CLS embeddings of each
 * sentence alone, and the sentences as one padded batch (padding rows included), within 1e-5.
 */
class SentenceEncoderFixtureTest {

    private static final double TOLERANCE = 1e-5;

    static Path directory() {
        try {
            return Path.of(SentenceEncoderFixtureTest.class.getResource("/dev/duet/model/bert-tiny").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected() throws IOException {
        return new ObjectMapper().readTree(directory().resolve("EXPECTED.json").toFile());
    }

    @Test
    void idsHiddenStatesAndMeanPooledEmbeddingsEqualTheReference() throws IOException {
        SentenceEncoder model = SentenceEncoder.load(directory());
        assertEquals(SentencePooling.MEAN, model.pooling());
        assertTrue(model.normalizes());
        JsonNode cases = expected().get("cases");
        assertTrue(cases.size() >= 5);
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            int[] ids = model.tokenizer().encode(text).ids();
            assertArrayEquals(ints(c.get("ids")), ids, text);
            float[] hidden = model.tower().hiddenStates(Parallel.serial(), List.of(ids));
            assertClose(floats(c.get("hidden")), hidden, text + ": hidden states");
            assertClose(floats(c.get("mean")), model.embed(Parallel.serial(), List.of(text))[0], text + ": embedding");
        }
    }

    @Test
    void aPaddedBatchGivesTheReferenceHiddenStatesAndEmbeddings() throws IOException {
        SentenceEncoder model = SentenceEncoder.load(directory());
        JsonNode expected = expected();
        List<String> texts = new ArrayList<>();
        expected.get("cases").forEach(c -> texts.add(c.get("text").asText()));
        List<int[]> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add(model.tokenizer().encode(text).ids());
        }
        JsonNode batch = expected.get("batch");
        int rows = batch.get("rows").asInt();
        int[] padded = new int[texts.size() * rows];
        int[] mask = new int[padded.length];
        for (int b = 0; b < texts.size(); b++) {
            var encoding = model.tokenizer().pad(model.tokenizer().encode(texts.get(b)), rows);
            System.arraycopy(encoding.ids(), 0, padded, b * rows, rows);
            System.arraycopy(encoding.attentionMask(), 0, mask, b * rows, rows);
        }
        assertArrayEquals(ints(batch.get("ids")), padded);
        assertArrayEquals(ints(batch.get("mask")), mask);
        float[] hidden = model.tower().hiddenStates(Parallel.serial(), ids);
        float[] expectedHidden = floats(batch.get("hidden"));
        // the padding rows too: both pad with [PAD] (id 0) and run every row through the blocks
        assertClose(expectedHidden, hidden, "padded batch hidden states");
        float[][] embeddings = model.embedIds(Parallel.serial(), ids);
        float[] flat = new float[0];
        for (float[] e : embeddings) {
            flat = concat(flat, e);
        }
        assertClose(floats(batch.get("mean")), flat, "padded batch embeddings");
    }

    @Test
    void clsPoolingGivesTheReferenceClsRowNormalised(@TempDir Path copy) throws IOException {
        copyTree(directory(), copy);
        Path pooling = copy.resolve("1_Pooling").resolve("config.json");
        Files.writeString(pooling, Files.readString(pooling).replace("\"pooling_mode_cls_token\": false",
                "\"pooling_mode_cls_token\": true").replace("\"pooling_mode_mean_tokens\": true",
                "\"pooling_mode_mean_tokens\": false"));
        SentenceEncoder model = SentenceEncoder.load(copy);
        assertEquals(SentencePooling.CLS, model.pooling());
        for (JsonNode c : expected().get("cases")) {
            String text = c.get("text").asText();
            assertClose(floats(c.get("cls")), model.embed(Parallel.serial(), List.of(text))[0], text + ": CLS embedding");
        }
    }

    @Test
    void withoutNormalizeTheEmbeddingIsTheRawMean(@TempDir Path copy) throws IOException {
        copyTree(directory(), copy);
        Path modules = copy.resolve("modules.json");
        String json = Files.readString(modules);
        Files.writeString(modules, json.substring(0, json.lastIndexOf(",\n {")) + "\n]\n");
        SentenceEncoder model = SentenceEncoder.load(copy);
        assertTrue(!model.normalizes());
        JsonNode c = expected().get("cases").get(1);
        assertClose(floats(c.get("mean_unnormalized")),
                model.embed(Parallel.serial(), List.of(c.get("text").asText()))[0], "raw mean");
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > TOLERANCE * Math.max(1, Math.abs(expected[i]))) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", PyTorch gives " + expected[i]);
            }
        }
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
