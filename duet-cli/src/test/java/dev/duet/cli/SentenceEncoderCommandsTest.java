/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands on the repository's tiny sentence-transformers BERT checkpoint
 * (tools/references/bert.py): tokenize and embed against PyTorch's ids and embeddings,
 * explain-texts adding up to its target, the image commands refused in one line, and serve's image options
 * refused (serve itself, the page's texts mode, is tested in duet-server: TextPairApiTest).
 */
class SentenceEncoderCommandsTest {

    private static JsonNode expected;

    @BeforeAll
    static void load() throws IOException {
        expected = new ObjectMapper().readTree(model().resolve("EXPECTED.json").toFile());
    }

    static Path model() {
        return Path.of(System.getProperty("duet.bert"));
    }

    @Test
    void tokenizeGivesTheReferenceIds() {
        List<String> args = new ArrayList<>(List.of("tokenize", "--model", model().toString(), "--json"));
        expected.get("cases").forEach(c -> args.add(c.get("text").asText()));
        CliContractTest.Result run = CliContractTest.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("sentence-bert", json.get("model_family").asText());
        for (int c = 0; c < expected.get("cases").size(); c++) {
            assertEquals(expected.get("cases").get(c).get("ids"), json.get("items").get(c).get("ids"));
        }
    }

    @Test
    void embedGivesTheReferenceEmbeddingsAndTheirCosines() {
        List<String> args = new ArrayList<>(List.of("embed", "--model", model().toString(), "--json"));
        expected.get("cases").forEach(c -> args.addAll(List.of("--text", c.get("text").asText())));
        CliContractTest.Result run = CliContractTest.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("sentence-bert", json.get("model_family").asText());
        assertEquals("mean", json.get("pooling").asText());
        int texts = expected.get("cases").size();
        for (int c = 0; c < texts; c++) {
            JsonNode want = expected.get("cases").get(c).get("mean");
            JsonNode got = json.get("text_embeddings").get(c);
            assertEquals(want.size(), got.size());
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).asDouble(), got.get(i).asDouble(), 1e-5, "text " + c + " element " + i);
            }
            assertEquals(1.0, json.get("cosine_text_by_text").get(c).get(c).asDouble(), 1e-5);
            assertEquals(texts, json.get("cosine_text_by_text").get(c).size());
        }
    }

    @Test
    void explainTextsGivesATokenByTokenMatrixThatAddsUpToTheTarget() {
        CliContractTest.Result run = CliContractTest.run("explain-texts", "--model", model().toString(), "--json",
                "--quadrature", "gauss-legendre", "--steps", "16", "A photo of a cat.", "a cat photo");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("sentence_explanation", json.get("format").asText());
        int rows = json.get("first").get("tokens").size();
        int columns = json.get("second").get("tokens").size();
        assertEquals(rows, json.get("interactions").size());
        double sum = 0;
        for (JsonNode row : json.get("interactions")) {
            assertEquals(columns, row.size());
            for (JsonNode value : row) {
                sum += value.asDouble();
            }
        }
        JsonNode completeness = json.get("completeness");
        assertEquals(completeness.get("target").asDouble(), sum, 1e-4);
        assertTrue(Math.abs(completeness.get("error").asDouble()) < 1e-4, completeness.toString());
    }

    @Test
    void explainTextsDrawsTheMatrix(@TempDir Path folder) throws IOException {
        Path png = folder.resolve("pair.png");
        CliContractTest.Result run = CliContractTest.run("explain-texts", "--model", model().toString(), "--picture",
                png.toString(), "A photo of a cat.", "a cat photo");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("four-term target"), run.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image.getWidth() > 5 * 28 && image.getHeight() > 8 * 28, image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void explainTextsRefusesAnImageTextModel() {
        CliContractTest.Result run = CliContractTest.run("explain-texts", "--model", System.getProperty("duet.siglip"),
                "a", "b");
        assertEquals(2, run.exit(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("sentence encoder"), run.err());
    }

    @Test
    void serveRefusesImageOptionsForASentenceEncoderInOneLine(@TempDir Path folder) {
        CliContractTest.Result indexed = CliContractTest.run("serve", "--model", model().toString(), "--port", "0",
                "--index", folder.toString());
        assertEquals(2, indexed.exit(), indexed.err());
        assertEquals(1, indexed.err().strip().lines().count(), indexed.err());
        assertTrue(indexed.err().contains("--index") && indexed.err().contains("pairs of texts"), indexed.err());
        CliContractTest.Result ordered = CliContractTest.run("serve", "--model", model().toString(), "--port", "0",
                "--preprocess", "openai");
        assertEquals(2, ordered.exit(), ordered.err());
        assertEquals(1, ordered.err().strip().lines().count(), ordered.err());
        assertTrue(ordered.err().contains("--preprocess") && ordered.err().contains("no image tower"), ordered.err());
    }

    @Test
    void imagesAndImageCommandsAreRefusedInOneLine() {
        CliContractTest.Result embed = CliContractTest.run("embed", "--model", model().toString(), "--text", "a cat",
                "--image", "x.png");
        assertEquals(2, embed.exit(), embed.err());
        assertEquals(1, embed.err().strip().lines().count(), embed.err());
        assertTrue(embed.err().contains("texts only"), embed.err());
        CliContractTest.Result explain = CliContractTest.run("explain", "--model", model().toString(), "--caption", "a cat",
                "--image", Path.of("..", "examples", "blue-rectangle-red-square.png").toString());
        assertEquals(2, explain.exit(), explain.err());
        assertEquals(1, explain.err().strip().lines().count(), explain.err());
        assertTrue(explain.err().contains("sentence encoder"), explain.err());
    }
}
