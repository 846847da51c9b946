/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command contract scripts depend on, checked against the PyTorch fixtures, and bad input. */
class CliContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    static Path fixtures() {
        Path root = Path.of(System.getProperty("duet.shared"), "fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("fixtures not found at " + root);
        }
        return root;
    }

    static String model() {
        return fixtures().resolve("models/tiny").toString();
    }

    static String image(int index) throws IOException {
        try (Stream<Path> files = Files.list(fixtures().resolve("images"))) {
            return files.sorted().toList().get(index).toString();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DuetCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void tokenizeGivesTheFixtureIdsAndSpans() {
        JsonNode inputs = readFixture("inputs.json");
        List<String> args = new ArrayList<>(List.of("tokenize", "--model", model(), "--json"));
        inputs.get("captions").forEach(caption -> args.add(caption.asText()));
        Result result = run(args.toArray(String[]::new));
        assertEquals(0, result.exit(), result.err());
        JsonNode items = result.json().get("items");
        for (int c = 0; c < 6; c++) {
            JsonNode ids = items.get(c).get("ids");
            int eos = inputs.get("eos_index").get(c).asInt();
            assertEquals(eos + 1, ids.size());
            for (int i = 0; i <= eos; i++) {
                assertEquals(inputs.get("token_ids").get(c).get(i).asInt(), ids.get(i).asInt());
            }
            JsonNode red = items.get(0).get("tokens").get(2);
            assertEquals("red</w>", red.get("piece").asText());
            assertEquals(2, red.get("start").asInt());
            assertEquals(5, red.get("end").asInt());
        }
    }

    @Test
    void preprocessMatchesTheFixtureTensorAndSavesTheCrop() throws IOException {
        JsonNode pixels = readFixture("tiny/embeddings.json").get("pixels").get(0);
        Path crop = directory.resolve("crop.png");
        Result result = run("preprocess", "--model", model(), "--image", image(0), "--json", "--save-crop", crop.toString());
        assertEquals(0, result.exit(), result.err());
        JsonNode json = result.json();
        assertEquals(pixels.get("sha256_f32le").asText(), json.get("pixel_sha256").asText());
        assertEquals(pixels.get("resized_size"), json.get("resized"));
        assertTrue(Files.size(crop) > 0);
    }

    @Test
    void embedMatchesPyTorch() throws IOException {
        JsonNode inputs = readFixture("inputs.json");
        JsonNode expected = readFixture("tiny/embeddings.json");
        List<String> args = new ArrayList<>(List.of("embed", "--model", model(), "--json"));
        for (int c = 0; c < 6; c++) {
            args.add("--text");
            args.add(inputs.get("captions").get(c).asText());
        }
        for (int i = 0; i < 6; i++) {
            args.add("--image");
            args.add(image(i));
        }
        Result result = run(args.toArray(String[]::new));
        assertEquals(0, result.exit(), result.err());
        JsonNode json = result.json();
        assertMatrix(expected.get("text_embeddings"), json.get("text_embeddings"), 1e-5);
        assertMatrix(expected.get("image_embeddings"), json.get("image_embeddings"), 1e-5);
        assertMatrix(expected.get("text_embeddings_normalized"), json.get("text_embeddings_normalized"), 1e-5);
        assertMatrix(expected.get("image_embeddings_normalized"), json.get("image_embeddings_normalized"), 1e-5);
        assertMatrix(expected.get("cosine_text_by_image"), json.get("cosine_text_by_image"), 1e-6);
    }

    @Test
    void explainWritesTheContractFields() throws IOException {
        Path out = directory.resolve("explanation.json");
        Result result = run("explain", "--model", model(), "--caption", "a red circle and a blue square",
                "--image", image(0), "--quadrature", "riemann", "--steps", "10", "--normalization", "published",
                "--text-layer", "2", "--image-layer", "2", "--json", out.toString());
        assertEquals(0, result.exit(), result.err());
        JsonNode json = JSON.readTree(out.toFile());
        for (String field : List.of("tokens", "grid", "interactions", "similarity", "completeness", "settings", "seconds")) {
            assertTrue(json.has(field), "field " + field);
        }
        for (String term : List.of("s_text_image", "s_text_refimage", "s_reftext_image", "s_reftext_refimage")) {
            assertTrue(json.get("completeness").get("terms").has(term), term);
        }
        assertEquals(9, json.get("interactions").size());
        assertEquals(17, json.get("interactions").get(0).size());
        assertEquals(4, json.get("grid").get(0).asInt());
        JsonNode exclip = readFixture("tiny/exclip_layer2_N10.json").get("pairs").get("0:0").get("A_tokens_by_patch_grid");
        double expected = exclip.get(2).get(1).get(3).asDouble();
        double actual = json.get("interactions").get(2).get(1 + 4 + 3).asDouble();
        assertEquals(expected, actual, 1e-6, "token 2, patch (1, 3) equals the paper's explainer");
    }

    /** Both image modes give the fixture's interactions; the JSON names the mode used. */
    @Test
    void explainImageModesAgreeAndAreReported() throws IOException {
        JsonNode exclip = readFixture("tiny/exclip_layer0_N10.json").get("pairs").get("0:0").get("A_tokens_by_patch_grid");
        for (String mode : List.of("forward", "reverse")) {
            Path out = directory.resolve("explanation-" + mode + ".json");
            Result result = run("explain", "--model", model(), "--caption", "a red circle and a blue square",
                    "--image", image(0), "--quadrature", "riemann", "--steps", "10", "--normalization", "published",
                    "--text-layer", "0", "--image-layer", "0", "--image-mode", mode, "--json", out.toString());
            assertEquals(0, result.exit(), result.err());
            JsonNode json = JSON.readTree(out.toFile());
            assertEquals(mode, json.get("settings").get("image_mode").asText());
            assertEquals(mode.equals("reverse"), json.get("completeness").get("image_residual").isNull(),
                    "the image residual is integrated by forward mode only (fixed rule)");
            double expected = exclip.get(2).get(1).get(3).asDouble();
            double actual = json.get("interactions").get(2).get(1 + 4 + 3).asDouble();
            assertEquals(expected, actual, 1e-6, mode + ": token 2, patch (1, 3) equals the paper's explainer");
        }
        assertEquals(2, run("explain", "--model", model(), "--caption", "x", "--image", image(0),
                "--image-mode", "sideways", "--json", directory.resolve("never.json").toString()).exit());
    }

    @Test
    void badInputsExitTwoWithOneLineAndNoOutputFile() throws IOException {
        Path out = directory.resolve("never.json");
        Path notImage = Files.writeString(directory.resolve("notes.png"), "hello");
        Path empty = Files.createDirectories(directory.resolve("empty"));
        List<String[]> cases = List.of(
                new String[] {"explain", "--model", model(), "--caption", "x", "--image", notImage.toString(), "--json", out.toString()},
                new String[] {"explain", "--model", empty.toString(), "--caption", "x", "--image", image(0), "--json", out.toString()},
                new String[] {"explain", "--model", model(), "--caption", "x", "--image", directory.resolve("missing.png").toString(), "--json", out.toString()},
                new String[] {"explain", "--model", model(), "--caption", "x", "--image", image(0), "--steps", "0", "--json", out.toString()},
                new String[] {"explain", "--model", model(), "--caption", "x", "--image", image(0), "--text-layer", "9", "--json", out.toString()},
                new String[] {"embed", "--model", model(), "--image", notImage.toString()},
                new String[] {"embed", "--model", model()});
        for (String[] args : cases) {
            Result result = run(args);
            assertEquals(2, result.exit(), String.join(" ", args) + " -> " + result.err());
            assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
            assertTrue(result.err().startsWith("duet: "), result.err());
            assertFalse(Files.exists(out), "no partial output for " + String.join(" ", args));
        }
        try (Stream<Path> left = Files.list(directory)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }

    @Test
    void settingsAreSpelledOneWay() throws IOException {
        Path out = directory.resolve("spelled.json");
        Result result = run("explain", "--model", model(), "--caption", "a red circle", "--image", image(0),
                "--quadrature", "gauss-legendre", "--steps", "2", "--normalization", "published", "--json", out.toString());
        assertEquals(0, result.exit(), result.err());
        JsonNode settings = JSON.readTree(out.toFile()).get("settings");
        assertEquals("gauss-legendre", settings.get("quadrature").asText(), "the JSON spells it as the option does");
        assertEquals("published", settings.get("normalization").asText());
        for (String old : List.of("gauss", "GAUSS_LEGENDRE")) {
            Result refused = run("explain", "--model", model(), "--caption", "x", "--image", image(0), "--quadrature", old,
                    "--json", directory.resolve("never.json").toString());
            assertEquals(2, refused.exit(), refused.err());
            assertTrue(refused.err().contains("riemann | gauss-legendre | adaptive"), refused.err());
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("explain", "--caption").exit());
        assertEquals(2, run("no-such-command").exit());
        assertEquals(0, run("--help").exit());
    }

    @Test
    void everyCommandIsListedAndReachableByNameAliasAndHelp() {
        Result usage = run("--help");
        for (String command : List.of("tokenize", "preprocess", "embed", "explain", "explain-texts", "train", "report",
                "serve", "world", "evaluate", "eval", "index", "search", "help")) {
            assertTrue(usage.out().contains("\n  " + command + (command.equals("train") ? ", finetune " : " ")),
                    command + " in the usage:\n" + usage.out());
            if (!command.equals("help")) {
                Result help = run("help", command);
                assertEquals(0, help.exit(), help.err());
                assertTrue(help.out().startsWith("Usage: duet " + command + " "), help.out());
                assertEquals(help.out(), run(command, "--help").out());
            }
        }
        assertTrue(run("finetune", "--help").out().startsWith("Usage: duet train "));
    }

    private static JsonNode readFixture(String relative) {
        try {
            return JSON.readTree(fixtures().resolve(relative).toFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertMatrix(JsonNode expected, JsonNode actual, double tolerance) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.get(r).size(), actual.get(r).size());
            for (int c = 0; c < expected.get(r).size(); c++) {
                assertEquals(expected.get(r).get(c).asDouble(), actual.get(r).get(c).asDouble(), tolerance, "[" + r + "][" + c + "]");
            }
        }
    }
}
