/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.Embeddings;
import dev.duet.model.ModelFamily;
import dev.duet.model.SiglipModel;
import dev.duet.tensor.Parallel;
import dev.duet.world.WorldGenerator;
import dev.duet.world.WorldSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command on the repository's small SigLIP checkpoint (tools/references/siglip.py
 * --checkpoint): the outputs against the library's {@link SiglipModel} and the PyTorch reference,
 * the probability against the sigmoid computed here from the reference's scale and bias, the
 * commands that take CLIP only, and broken SigLIP directories, each refused in one line that
 * names the file.
 */
class SiglipCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAPTION = "a red square";
    private static final String IMAGE = Path.of("..", "examples", "blue-rectangle-red-square.png").toString();

    @TempDir
    static Path folder;

    private static SiglipModel library;
    private static JsonNode expected;

    @BeforeAll
    static void load() throws IOException {
        library = SiglipModel.load(model());
        expected = JSON.readTree(Path.of(model() + "-expected.json").toFile());
    }

    static Path model() {
        return Path.of(System.getProperty("duet.siglip"));
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
    void tokenizeGivesSiglipTokenizersIdsPaddedToTheTowersLength() {
        List<String> args = new ArrayList<>(List.of("tokenize", "--model", model().toString(), "--json"));
        expected.get("captions").forEach(caption -> args.add(caption.asText()));
        CliContractTest.Result run = duet(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("siglip", json.get("model_family").asText());
        for (int c = 0; c < expected.get("captions").size(); c++) {
            JsonNode item = json.get("items").get(c);
            int[] ids = ints(item.get("ids"));
            assertArrayEquals(library.tokenizer().encode(expected.get("captions").get(c).asText()).ids(), ids);
            assertArrayEquals(ints(expected.get("ids").get(c)), ids, "transformers' SiglipTokenizer, re-implemented in Python");
            assertEquals(64, item.get("tokens").size(), "SigLIP's 64 positions");
        }
        JsonNode tokens = json.get("items").get(1).get("tokens");
        assertEquals("text", tokens.get(0).get("role").asText(), "no BOS");
        assertEquals("eos", tokens.get(8).get("role").asText());
        assertEquals("padding", tokens.get(63).get("role").asText());
        CliContractTest.Result text = duet("tokenize", "--model", model().toString(), "a cat");
        assertTrue(text.out().contains("and 61 x 2 </s> (padding to the text tower's 64 positions)"), text.out());
    }

    @Test
    void preprocessResizesAsSiglipImageProcessorAndRefusesAnOrder() {
        Path image = Path.of("..", expected.get("images").get(0).asText());
        CliContractTest.Result run = duet("preprocess", "--model", model().toString(), "--image", image.toString(), "--json");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("siglip", json.get("model_family").asText());
        assertEquals(expected.get("pixel_sha256").get(0).asText(), json.get("pixel_sha256").asText(), "Pillow's pixels");
        assertEquals("[32,32]", json.get("resized").toString(), "a square resize, no crop");
        assertEquals("hf", json.get("preprocessing").asText());
        String dir = model().toString();
        String picture = image.toString();
        List<String[]> commands = List.of(
                new String[] {"preprocess", "--model", dir, "--image", picture},
                new String[] {"embed", "--model", dir, "--image", picture},
                new String[] {"explain", "--model", dir, "--caption", "a", "--image", picture},
                new String[] {"report", "--model", dir, "--caption", "a", "--image", picture, "--out",
                    folder.resolve("never.html").toString()},
                new String[] {"serve", "--model", dir, "--port", "0"});
        for (String[] command : commands) {
            String[] all = Arrays.copyOf(command, command.length + 2);
            all[command.length] = "--preprocess";
            all[command.length + 1] = "openai";
            assertOneLineError(duet(all), dir, "the openai and hf orders are CLIP's");
        }
    }

    @Test
    void embedGivesTheLibrarysEmbeddingsAndEachPairsSigmoidProbability() throws IOException {
        List<String> args = new ArrayList<>(List.of("embed", "--model", model().toString(), "--json"));
        List<String> captions = new ArrayList<>();
        expected.get("captions").forEach(caption -> {
            captions.add(caption.asText());
            args.add("--text");
            args.add(caption.asText());
        });
        List<PreprocessedImage> images = new ArrayList<>();
        for (JsonNode image : expected.get("images")) {
            Path file = Path.of("..", image.asText());
            images.add(library.preprocess(file));
            args.add("--image");
            args.add(file.toString());
        }
        CliContractTest.Result run = duet(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("siglip", json.get("model_family").asText());
        try (Parallel parallel = Parallel.of(2)) {
            assertRows(library.embedTexts(parallel, captions), json.get("text_embeddings"), 0);
            assertRows(library.embedImages(parallel, images), json.get("image_embeddings"), 0);
        }
        assertRows(floats(expected.get("text_embeddings")), json.get("text_embeddings"), 1e-5);
        assertRows(floats(expected.get("image_embeddings")), json.get("image_embeddings"), 1e-5);
        double scale = expected.get("logit_scale").asDouble();
        double bias = expected.get("logit_bias").asDouble();
        assertEquals(scale, json.get("logit_scale").asDouble(), 1e-6);
        assertEquals(bias, json.get("logit_bias").asDouble(), 1e-6);
        for (int t = 0; t < captions.size(); t++) {
            for (int i = 0; i < images.size(); i++) {
                double cosine = json.get("cosine_text_by_image").get(t).get(i).asDouble();
                double probability = 1 / (1 + Math.exp(-(cosine * scale + bias)));
                assertEquals(probability, json.get("probability_text_by_image").get(t).get(i).asDouble(), 1e-6 * probability);
                double reference = expected.get("probabilities").get(t).get(i).asDouble();
                assertEquals(reference, probability, 1e-4 * reference, "PyTorch's sigmoid");
            }
        }
        CliContractTest.Result text = duet("embed", "--model", model().toString(), "--text", "a", "--image", IMAGE);
        assertTrue(text.out().contains("sigmoid(cosine * 10.00 - 10.00):"), text.out());
    }

    @Test
    void explainDecomposesTheCosineOverEveryPositionAndReportsTheProbability() throws IOException {
        Path json = folder.resolve("explain.json");
        Path npy = folder.resolve("explain.npy");
        Path png = folder.resolve("explain.png");
        CliContractTest.Result run = duet("explain", "--model", model().toString(), "--caption", CAPTION, "--image", IMAGE,
                "--json", json.toString(), "--npy", npy.toString(), "--heatmap", png.toString(), "--span", "red square",
                "--quadrature", "gauss-legendre", "--steps", "16");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("(sigmoid probability "), run.out());
        JsonNode explanation = JSON.readTree(json.toFile());
        assertEquals("siglip", explanation.get("model_family").asText());
        assertEquals(64, explanation.get("tokens").size(), "every position of the padded input is a row");
        assertEquals("padding", explanation.get("tokens").get(63).get("role").asText());
        assertFalse(explanation.get("class_column").asBoolean());
        assertEquals(16, explanation.get("interactions").get(0).size(), "4 x 4 patches, no CLS");
        double sum = 0;
        for (JsonNode row : explanation.get("interactions")) {
            for (JsonNode value : row) {
                sum += value.asDouble();
            }
        }
        JsonNode completeness = explanation.get("completeness");
        assertEquals(completeness.get("sum").asDouble(), sum, 1e-5);
        assertTrue(Math.abs(completeness.get("error").asDouble()) < 1e-3 * Math.abs(completeness.get("target").asDouble()),
                completeness.toString());
        double padding = completeness.get("bos_eos_share").asDouble();
        assertTrue(padding > 0 && padding < 1, "EOS and the padding rows hold part of the mass: " + padding);
        double cosine = explanation.get("similarity").asDouble();
        double logit = cosine * expected.get("logit_scale").asDouble() + expected.get("logit_bias").asDouble();
        assertEquals(logit, explanation.get("logit").asDouble(), 1e-5);
        assertEquals(1 / (1 + Math.exp(-logit)), explanation.get("probability").asDouble(), 1e-6 / (1 + Math.exp(-logit)));
        assertEquals(expected.get("logit_bias").asDouble(), explanation.get("logit_bias").asDouble(), 1e-6);
        byte[] bytes = Files.readAllBytes(npy);
        int header = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertTrue(new String(bytes, 10, header, java.nio.charset.StandardCharsets.US_ASCII).contains("'shape': (64, 16)"));
        float first = ByteBuffer.wrap(bytes, 10 + header, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertEquals(explanation.get("interactions").get(0).get(0).floatValue(), first);
        assertTrue(javax.imageio.ImageIO.read(png.toFile()) != null, "a PNG of the span's map");
        assertOneLineError(duet("explain", "--model", model().toString(), "--caption", CAPTION, "--image", IMAGE,
                "--heatmap", folder.resolve("none.png").toString(), "--span", "green circle"), "green circle");
    }

    @Test
    void manyPairsAndAReportExplainSiglip() throws IOException {
        Path pairs = folder.resolve("pairs.jsonl");
        String image = Path.of(IMAGE).toAbsolutePath().toString().replace("\\", "\\\\");
        Files.writeString(pairs, "{\"caption\": \"a red square\", \"image\": \"" + image + "\", \"spans\": [\"square\"]}\n"
                + "{\"caption\": \"a blue rectangle\", \"image\": \"" + image + "\"}\n");
        Path out = folder.resolve("pairs");
        CliContractTest.Result run = duet("explain", "--model", model().toString(), "--pairs", pairs.toString(),
                "--out", out.toString(), "--quiet");
        assertEquals(0, run.exit(), run.err());
        for (int line = 1; line <= 2; line++) {
            JsonNode pair = JSON.readTree(out.resolve("pair-" + line + ".json").toFile());
            assertEquals("siglip", pair.get("model_family").asText());
            assertTrue(pair.has("probability"));
            assertTrue(Files.size(out.resolve("pair-" + line + ".png")) > 0);
        }
        assertTrue(Files.exists(out.resolve("index.html")));
        Path report = folder.resolve("report.html");
        run = duet("report", "--model", model().toString(), "--caption", "a red square", "--caption", "a blue rectangle",
                "--image", IMAGE, "--out", report.toString(), "--steps", "4", "--quadrature", "gauss-legendre");
        assertEquals(0, run.exit(), run.err());
        String html = Files.readString(report);
        assertTrue(html.contains("caption padding rows") && html.contains("caption EOS row"), "the special rows apart");
        assertFalse(html.contains("caption BOS row") || html.contains("image CLS column"), "SigLIP has neither");
        assertTrue(html.contains(">probability<"), "the sigmoid probability beside the cosine");
    }

    @Test
    void evalScoresSiglipsGrounding() throws IOException {
        Path world = folder.resolve("world");
        WorldGenerator.write(world, WorldSpec.standard(), 2, 5, Parallel.serial());
        Path out = folder.resolve("eval");
        CliContractTest.Result run = duet("eval", "--dataset", "synthetic", "--data", world.toString(), "--model",
                model().toString(), "--threads", "1", "--quadrature", "gauss-legendre", "--steps", "2", "--out",
                out.toString(), "--methods", "duet,centre,gradient", "--quiet");
        assertEquals(0, run.exit(), run.err());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("siglip", summary.path("arguments").path("model_family").asText(), summary.toString());
        assertTrue(summary.path("methods").path("duet").path("pointing_game").path("n").intValue() > 0, summary.toString());
    }

    @Test
    void evaluateScoresSiglipOnTheSyntheticWorld() {
        CliContractTest.Result run = duet("evaluate", "--model", model().toString(), "--scenes", "3", "--threads", "1",
                "--quadrature", "gauss-legendre", "--steps", "2", "--json", "-");
        assertEquals(0, run.exit(), run.err());
        JsonNode json = run.json();
        assertEquals("siglip", json.get("model_family").asText());
        assertEquals(3, json.get("scenes").asInt());
        assertTrue(json.get("grounding").get("phrases").asInt() > 0, json.toString());
    }

    /**
     * An index of SigLIP's image factors (no CLS row: one stored row per patch) explains a search
     * result as `explain` explains the same pair with the same settings.
     */
    @Test
    void anIndexExplainsSearchResultsAsExplainDoes() throws IOException {
        String dir = model().toString();
        Path images = Files.createDirectories(folder.resolve("index-images"));
        Files.copy(Path.of(IMAGE), images.resolve("example.png"));
        Path index = folder.resolve("siglip-index");
        CliContractTest.Result built = duet("index", "--model", dir, "--images", images.toString(), "--out", index.toString(),
                "--quadrature", "gauss-legendre", "--steps", "8", "--threads", "1", "--quiet");
        assertEquals(0, built.exit(), built.err());
        CliContractTest.Result searched = duet("search", "--index", index.toString(), "--query", CAPTION, "--k", "1",
                "--explain", "--json");
        assertEquals(0, searched.exit(), searched.err());
        JsonNode result = searched.json().get("results").get(0);
        JsonNode explained = duet("explain", "--model", dir, "--caption", CAPTION, "--image",
                images.resolve("example.png").toString(), "--quadrature", "gauss-legendre", "--steps", "8",
                "--image-mode", "forward", "--json", "-").json();
        JsonNode stored = result.get("interactions");
        JsonNode direct = explained.get("interactions");
        assertEquals(direct.size(), stored.size(), "one row per position of the caption as the tower sees it");
        assertEquals(16, stored.get(0).size(), "4 x 4 patches, no CLS column");
        for (int t = 0; t < direct.size(); t++) {
            for (int c = 0; c < direct.get(t).size(); c++) {
                assertEquals(direct.get(t).get(c).asDouble(), stored.get(t).get(c).asDouble(), 1e-6,
                        "entry " + t + ", " + c);
            }
        }
    }

    @Test
    void commandsThatTakeClipOnlyRefuseSiglipInOneLine() {
        String dir = model().toString();
        assertOneLineError(duet("evaluate", "--model", dir, "--random-weights", "1"), dir, "initialises CLIP's weights");
        assertOneLineError(duet("train", "--tokenizer-from", dir, "--out", folder.resolve("trained").toString()), dir,
                "vocab.json and merges.txt", "fine-tuned (--init)");
        assertOneLineError(duet("finetune", "--init", dir, "--out", folder.resolve("grounded").toString(),
                "--grounding-weight", "0.5"), dir, "probe pooling");
        assertFalse(Files.exists(folder.resolve("grounded")) || Files.exists(folder.resolve("trained")),
                "nothing written");
    }

    /**
     * finetune on a SigLIP folder trains it with the sigmoid loss and writes a SigLIP checkpoint
     * (transformers' layout, the tokenizer and preprocessing of --init) that loads and embeds; the
     * written weights are those the log's last step left, not --init's.
     */
    @Test
    void finetuneTrainsSiglipIntoALoadableSiglipCheckpoint() throws IOException {
        Path tuned = folder.resolve("tuned");
        CliContractTest.Result run = duet("finetune", "--init", model().toString(), "--out", tuned.toString(),
                "--world", "bound", "--steps", "6", "--batch", "4", "--negatives", "2", "--lr", "1e-3",
                "--eval-scenes", "3", "--threads", "2");
        assertEquals(0, run.exit(), run.err());
        for (String file : List.of("config.json", "model.safetensors", "spiece.model", "tokenizer_config.json",
                "preprocessor_config.json", "training-log.tsv", "evaluation.tsv")) {
            assertTrue(Files.isRegularFile(tuned.resolve(file)), file);
        }
        assertEquals(ModelFamily.SIGLIP, ModelFamily.of(tuned));
        SiglipModel trained = SiglipModel.load(tuned);
        assertEquals(library.config(), trained.config());
        assertTrue(trained.score().logitBias() != library.score().logitBias(), "the logit bias was trained");
        CliContractTest.Result embedded = duet("embed", "--model", tuned.toString(), "--text", CAPTION, "--image", IMAGE,
                "--json");
        assertEquals(0, embedded.exit(), embedded.err());
    }

    @Test
    void brokenSiglipDirectoriesAreRefusedInOneLineNamingTheFile() throws IOException {
        Path copy = copy("broken");
        Path spiece = copy.resolve("spiece.model");
        byte[] model = Files.readAllBytes(spiece);
        Files.delete(spiece);
        assertRefused(copy, spiece.toString(), "file not found");
        Files.writeString(spiece, "not a SentencePiece model");
        assertRefused(copy, spiece.toString());
        Files.write(spiece, Arrays.copyOf(model, model.length - 1000));
        assertRefused(copy, spiece.toString());
        Files.write(spiece, model);
        Path config = copy.resolve("config.json");
        String original = Files.readString(config);
        Files.writeString(config, original.replace("\"architectures\"", "\"logit_scale_init_value\": 2.6592, \"architectures\""));
        assertRefused(copy, config.toString(), "mixes SigLIP and CLIP keys");
        Files.writeString(config, original.replace("\"siglip_vision_model\"", "\"clip_vision_model\""));
        assertRefused(copy, config.toString(), "mixes SigLIP and CLIP keys");
        Files.writeString(config, original.replace("\"model_type\": \"siglip\"", "\"model_type\": \"siglip2\"")
                .replace("\"patch_size\": 8", "\"patch_size\": 8, \"num_patches\": 16"));
        assertRefused(copy, config.toString(), "NaFlex");
        // model_type siglip2 is transformers' Siglip2Model, NaFlex whatever else the config says
        Files.writeString(config, original.replace("\"model_type\": \"siglip\"", "\"model_type\": \"siglip2\""));
        assertRefused(copy, config.toString(), "NaFlex", "model_type siglip2");
        Files.writeString(config, original);
        // SigLIP 2's Gemma tokenizer needs its tokenizer.model
        Path settings = copy.resolve("tokenizer_config.json");
        String tokenizer = Files.readString(settings);
        Files.writeString(settings, "{\"tokenizer_class\": \"GemmaTokenizerFast\", \"add_eos_token\": true, \"padding_side\": \"right\"}");
        assertRefused(copy, copy.resolve("tokenizer.model").toString(), "file not found");
        Files.writeString(settings, tokenizer);
        Files.writeString(config, original);
        assertEquals(0, duet("tokenize", "--model", copy.toString(), "a").exit(), "restored");
    }

    /** Every command that reads the model refuses it, in one line naming {@code file}. */
    private static void assertRefused(Path directory, String file, String... reasons) {
        String dir = directory.toString();
        List<String[]> commands = List.of(
                new String[] {"tokenize", "--model", dir, "a"},
                new String[] {"embed", "--model", dir, "--text", "a"},
                new String[] {"explain", "--model", dir, "--caption", "a", "--image", IMAGE});
        for (String[] command : commands) {
            String[] mentions = Stream.concat(Stream.of(file), Arrays.stream(reasons)).toArray(String[]::new);
            assertOneLineError(duet(command), mentions);
        }
    }

    private static Path copy(String name) throws IOException {
        Path copy = folder.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(model())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    private static void assertRows(float[][] expectedRows, JsonNode actual, double tolerance) {
        assertEquals(expectedRows.length, actual.size());
        for (int r = 0; r < expectedRows.length; r++) {
            float[] row = expectedRows[r];
            double norm = Math.sqrt(Embeddings.dot(row, row));
            for (int i = 0; i < row.length; i++) {
                assertEquals(row[i], actual.get(r).get(i).floatValue(), tolerance * norm, "row " + r + ", " + i);
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

    private static float[][] floats(JsonNode rows) {
        float[][] values = new float[rows.size()][];
        for (int r = 0; r < values.length; r++) {
            values[r] = new float[rows.get(r).size()];
            for (int i = 0; i < values[r].length; i++) {
                values[r][i] = rows.get(r).get(i).floatValue();
            }
        }
        return values;
    }
}
