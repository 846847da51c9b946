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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * embed and explain on the repository's small ALIGN checkpoint (tools/references/align.py
 * --checkpoint): embeddings and cosines against the PyTorch reference, explanations whose entries
 * add up at the EfficientNet's stage outputs, and the refusals (a command that takes CLIP or SigLIP
 * only, a mixed config), each in one line with exit 2.
 */
class AlignCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE = Path.of("..", "examples", "blue-rectangle-red-square.png").toString();

    @TempDir
    static Path folder;

    private static JsonNode expected;

    @BeforeAll
    static void load() throws IOException {
        expected = JSON.readTree(model().resolve("EXPECTED.json").toFile());
    }

    static Path model() {
        return Path.of(System.getProperty("duet.align"));
    }

    private static CliContractTest.Result duet(String... args) {
        return CliContractTest.run(args);
    }

    private static void assertOneLineError(CliContractTest.Result run, String... mentions) {
        assertEquals(2, run.exit(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, "one line: " + run.err());
        for (String mention : mentions) {
            assertTrue(lines[0].contains(mention), lines[0] + " should name " + mention);
        }
    }

    @Test
    void tokenizeAndPreprocessGiveTheReferencesInputs() {
        List<String> args = new ArrayList<>(List.of("tokenize", "--model", model().toString(), "--json"));
        expected.get("captions").forEach(caption -> args.add(caption.asText()));
        CliContractTest.Result run = duet(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("align", json.get("model_family").asText());
        for (int c = 0; c < expected.get("captions").size(); c++) {
            assertEquals(expected.get("ids").get(c), json.get("items").get(c).get("ids"), "caption " + c);
        }
        Path image = Path.of("..", expected.get("images").get(1).asText());
        run = duet("preprocess", "--model", model().toString(), "--image", image.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        assertEquals(expected.get("pixel_sha256").get(1).asText(), run.json().get("pixel_sha256").asText(),
                "EfficientNetImageProcessor's pixels over Pillow");
    }

    @Test
    void aReportAndManyPairsExplainAlign() throws IOException {
        Path pairs = folder.resolve("pairs.jsonl");
        String image = Path.of(IMAGE).toAbsolutePath().toString().replace("\\", "\\\\");
        Files.writeString(pairs, "{\"caption\": \"a red square\", \"image\": \"" + image + "\", \"spans\": [\"square\"]}\n");
        Path out = folder.resolve("pairs");
        CliContractTest.Result run = duet("explain", "--model", model().toString(), "--pairs", pairs.toString(),
                "--out", out.toString(), "--quiet");
        assertEquals(0, run.exit(), run.err());
        assertEquals("align", JSON.readTree(out.resolve("pair-1.json").toFile()).get("model_family").asText());
        assertTrue(Files.size(out.resolve("pair-1.png")) > 0);
        Path report = folder.resolve("report.html");
        run = duet("report", "--model", model().toString(), "--caption", "a red square", "--image", IMAGE, "--out",
                report.toString(), "--steps", "4", "--quadrature", "gauss-legendre");
        assertEquals(0, run.exit(), run.err());
        assertFalse(Files.readString(report).contains("image CLS column"), "ALIGN's map has no class column");
    }

    @Test
    void embedGivesPyTorchsEmbeddingsAndCosines() throws IOException {
        List<String> args = new ArrayList<>(List.of("embed", "--model", model().toString(), "--json"));
        expected.get("captions").forEach(caption -> {
            args.add("--text");
            args.add(caption.asText());
        });
        for (JsonNode image : expected.get("images")) {
            args.add("--image");
            args.add(Path.of("..", image.asText()).toString());
        }
        CliContractTest.Result run = duet(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("align", json.get("model_family").asText());
        assertRows(expected.get("text_embeddings"), json.get("text_embeddings"), 1e-5);
        assertRows(expected.get("image_embeddings"), json.get("image_embeddings"), 1e-5);
        assertRows(expected.get("cosines"), json.get("cosine_text_by_image"), 1e-5);
        assertEquals(1 / expected.get("temperature").asDouble(), json.get("logit_scale").asDouble(), 1e-4);
    }

    @Test
    void explainDecomposesTheCosineOverTheFeatureMapAtEveryStage() throws IOException {
        for (int stage : new int[] {1, 3}) {
            Path json = folder.resolve("explain-" + stage + ".json");
            Path png = folder.resolve("explain-" + stage + ".png");
            CliContractTest.Result run = duet("explain", "--model", model().toString(), "--caption", "a red square",
                    "--image", IMAGE, "--image-layer", Integer.toString(stage), "--json", json.toString(), "--heatmap",
                    png.toString(), "--span", "red square");
            assertEquals(0, run.exit(), run.err());
            JsonNode explanation = JSON.readTree(json.toFile());
            assertEquals("align", explanation.get("model_family").asText());
            assertFalse(explanation.get("class_column").asBoolean());
            int side = stage == 1 ? 32 : 8;
            assertEquals(side * side, explanation.get("interactions").get(0).size(), "the stage's feature map");
            assertEquals(explanation.get("tokens").size(), explanation.get("interactions").size(),
                    "[CLS], the words and [SEP]: every row reaches [CLS]");
            double sum = 0;
            for (JsonNode row : explanation.get("interactions")) {
                for (JsonNode value : row) {
                    sum += value.asDouble();
                }
            }
            JsonNode completeness = explanation.get("completeness");
            assertEquals(completeness.get("sum").asDouble(), sum, 1e-5);
            assertTrue(Math.abs(completeness.get("error").asDouble())
                    < 1e-2 * Math.abs(completeness.get("target").asDouble()), completeness.toString());
            assertTrue(javax.imageio.ImageIO.read(png.toFile()) != null, "a PNG of the span's map");
        }
    }

    @Test
    void commandsThatCannotTakeAlignRefuseItInOneLine() throws IOException {
        String dir = model().toString();
        assertOneLineError(duet("finetune", "--init", dir, "--out", folder.resolve("tuned").toString()), dir,
                "an ALIGN checkpoint", "CLIP and SigLIP only");
        assertOneLineError(duet("evaluate", "--model", dir, "--random-weights", "1"), dir, "an ALIGN checkpoint");
        assertOneLineError(duet("embed", "--model", dir, "--image", IMAGE, "--preprocess", "openai"), dir,
                "the openai and hf orders are CLIP's");
        assertFalse(Files.exists(folder.resolve("tuned")), "nothing written");
        Path broken = folder.resolve("broken");
        Files.createDirectories(broken);
        try (Stream<Path> files = Files.list(model())) {
            for (Path file : files.toList()) {
                Files.copy(file, broken.resolve(file.getFileName()));
            }
        }
        Path config = broken.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"align_vision_model\"", "\"clip_vision_model\""));
        assertOneLineError(duet("embed", "--model", broken.toString(), "--text", "a cat"), config.toString(),
                "mixes ALIGN with another family");
    }

    private static void assertRows(JsonNode expectedRows, JsonNode actualRows, double relative) {
        assertEquals(expectedRows.size(), actualRows.size());
        double scale = 0;
        double worst = 0;
        for (int r = 0; r < expectedRows.size(); r++) {
            assertEquals(expectedRows.get(r).size(), actualRows.get(r).size());
            for (int c = 0; c < expectedRows.get(r).size(); c++) {
                double want = expectedRows.get(r).get(c).asDouble();
                scale = Math.max(scale, Math.abs(want));
                worst = Math.max(worst, Math.abs(want - actualRows.get(r).get(c).asDouble()));
            }
        }
        assertTrue(worst <= relative * scale, "differs by " + worst + " at scale " + scale);
    }
}
