/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.model.ModelFamily;
import dev.duet.model.SiglipModel;
import dev.duet.tokenizer.GemmaTokenizer;
import dev.duet.train.TrainingLogRow;
import dev.duet.train.TrainingTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands that take SigLIP on the repository's fixed-resolution SigLIP 2 checkpoint
 * (tools/references/siglip.py --checkpoint2: SiglipModel's layout with a Gemma-like
 * tokenizer.model): ids and spans of SigLIP 2's text preparation, embeddings and probabilities
 * against PyTorch, an explanation of a span whose entries add up, and fine-tuning into a SigLIP 2
 * folder that keeps its tokenizer and logs the learnt bias.
 */
class Siglip2CommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = Path.of("..", "examples", "blue-rectangle-red-square.png").toString();

    @TempDir
    static Path folder;

    private static JsonNode expected;

    @BeforeAll
    static void load() throws IOException {
        expected = JSON.readTree(Path.of(model() + "-expected.json").toFile());
    }

    static Path model() {
        return Path.of(System.getProperty("duet.siglip2"));
    }

    private static CliContractTest.Result duet(String... args) {
        return CliContractTest.run(args);
    }

    @Test
    void tokenizeGivesSiglip2sIdsAndSpans() {
        List<String> args = new ArrayList<>(List.of("tokenize", "--model", model().toString(), "--json"));
        expected.get("captions").forEach(caption -> args.add(caption.asText()));
        CliContractTest.Result run = duet(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("siglip", json.get("model_family").asText());
        for (int c = 0; c < expected.get("captions").size(); c++) {
            JsonNode item = json.get("items").get(c);
            assertArrayEquals(ints(expected.get("ids").get(c)), ints(item.get("ids")), "SigLIP 2's text preparation");
            assertEquals(64, item.get("tokens").size());
        }
        // "two  spaces, 42 cats and 🐱 <eos>": digits one piece each, the emoji, the literal <eos> an added token
        String caption = expected.get("captions").get(3).asText();
        JsonNode tokens = json.get("items").get(3).get("tokens");
        int eosAt = -1;
        for (int t = 0; t < tokens.size(); t++) {
            JsonNode token = tokens.get(t);
            if ("eos".equals(token.get("role").asText())) {
                eosAt = t;
                break;
            }
            assertEquals("text", token.get("role").asText());
            assertEquals(caption.substring(token.get("start").asInt(), token.get("end").asInt()),
                    text(token.get("piece").asText(), caption, token), "piece " + t + " spans its characters");
        }
        JsonNode literal = tokens.get(eosAt - 1);
        assertEquals("<eos>", literal.get("piece").asText());
        assertEquals(caption.length() - 5, literal.get("start").asInt(), "the literal <eos> is the caption's own text");
        assertEquals(1, literal.get("id").asInt());
        assertEquals("<pad>", tokens.get(63).get("piece").asText());
        assertEquals("padding", tokens.get(63).get("role").asText());
        CliContractTest.Result text = duet("tokenize", "--model", model().toString(), "A CAT");
        assertTrue(text.out().contains("x 0 <pad> (padding to the text tower's 64 positions)"), text.out());
        assertTrue(text.out().contains("CAT"), "not lower-cased: " + text.out());
    }

    /** A piece's text as the caption shows it: U+2581 for a space, byte pieces for part of a character. */
    private static String text(String piece, String caption, JsonNode token) {
        if (piece.startsWith("<0x")) {
            return caption.substring(token.get("start").asInt(), token.get("end").asInt());
        }
        return piece.replace('\u2581', ' ');
    }

    @Test
    void embedGivesPyTorchsEmbeddingsAndProbabilities() {
        List<String> args = new ArrayList<>(List.of("embed", "--model", model().toString(), "--json"));
        expected.get("captions").forEach(caption -> {
            args.add("--text");
            args.add(caption.asText());
        });
        expected.get("images").forEach(image -> {
            args.add("--image");
            args.add(Path.of("..", image.asText()).toString());
        });
        CliContractTest.Result run = duet(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertRows(expected.get("text_embeddings"), json.get("text_embeddings"), 1e-5);
        assertRows(expected.get("image_embeddings"), json.get("image_embeddings"), 1e-5);
        for (int t = 0; t < expected.get("captions").size(); t++) {
            for (int i = 0; i < expected.get("images").size(); i++) {
                double reference = expected.get("probabilities").get(t).get(i).asDouble();
                assertEquals(reference, json.get("probability_text_by_image").get(t).get(i).asDouble(), 1e-4 * reference);
            }
        }
    }

    @Test
    void explainDecomposesTheCosineOfASpan() throws IOException {
        Path json = folder.resolve("explain2.json");
        Path png = folder.resolve("explain2.png");
        CliContractTest.Result run = duet("explain", "--model", model().toString(), "--caption", "A red SQUARE",
                "--image", IMAGE, "--json", json.toString(), "--heatmap", png.toString(), "--span", "SQUARE",
                "--quadrature", "gauss-legendre", "--steps", "8");
        assertEquals(0, run.exit(), run.err());
        JsonNode explanation = JSON.readTree(json.toFile());
        assertEquals("siglip", explanation.get("model_family").asText());
        assertEquals(64, explanation.get("tokens").size());
        assertEquals("<pad>", explanation.get("tokens").get(63).get("piece").asText());
        JsonNode completeness = explanation.get("completeness");
        assertTrue(Math.abs(completeness.get("error").asDouble()) < 1e-3 * Math.abs(completeness.get("target").asDouble()),
                completeness.toString());
        assertTrue(explanation.has("probability") && explanation.has("logit_bias"));
        assertTrue(javax.imageio.ImageIO.read(png.toFile()) != null, "a PNG of the span's map");
    }

    /**
     * finetune on a SigLIP 2 folder copies its Gemma tokenizer, writes a checkpoint that loads with
     * it, and logs the learnt bias each step: the last one is the written model's.
     */
    @Test
    void finetuneKeepsGemmasTokenizerAndLogsTheBias() throws IOException {
        Path tuned = folder.resolve("tuned2");
        CliContractTest.Result run = duet("finetune", "--init", model().toString(), "--out", tuned.toString(),
                "--world", "bound", "--steps", "4", "--batch", "4", "--negatives", "2", "--lr", "1e-3",
                "--eval-scenes", "3", "--threads", "2");
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.isRegularFile(tuned.resolve("tokenizer.model")));
        assertFalse(Files.exists(tuned.resolve("spiece.model")));
        assertEquals(ModelFamily.SIGLIP, ModelFamily.of(tuned));
        SiglipModel trained = SiglipModel.load(tuned);
        assertInstanceOf(GemmaTokenizer.class, trained.tokenizer());
        assertEquals(SiglipModel.load(model()).config(), trained.config());
        List<String> lines = Files.readAllLines(tuned.resolve(TrainingTables.LOG_FILE));
        assertTrue(lines.getFirst().endsWith("\tgrounding_loss\tlogit_bias"), lines.getFirst());
        List<TrainingLogRow> log = TrainingTables.readLog(tuned.resolve(TrainingTables.LOG_FILE));
        assertEquals(4, log.size());
        assertEquals(trained.score().logitBias(), log.getLast().logitBias(), 1e-5, "the written bias is the last logged");
        assertTrue(log.getLast().logitBias() != expected.get("logit_bias").asDouble(), "the bias was trained");
        assertTrue(Files.size(tuned.resolve("training-curves.png")) > 0, "the curves drawn from the logged rows");
    }

    private static void assertRows(JsonNode expectedRows, JsonNode actual, double tolerance) {
        assertEquals(expectedRows.size(), actual.size());
        for (int r = 0; r < expectedRows.size(); r++) {
            for (int c = 0; c < expectedRows.get(r).size(); c++) {
                assertEquals(expectedRows.get(r).get(c).asDouble(), actual.get(r).get(c).asDouble(), tolerance,
                        "row " + r + ", value " + c);
            }
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
