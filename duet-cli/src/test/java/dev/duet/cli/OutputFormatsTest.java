/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs other tools read: JSON on standard output with {@code --json -}, versions in every JSON, {@code .npy}. */
class OutputFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private static String[] explain(String... more) throws IOException {
        String[] base = {"explain", "--model", CliContractTest.model(), "--caption", "a red circle and a blue square",
                "--image", CliContractTest.image(0), "--quadrature", "riemann", "--steps", "2"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static void assertStamped(JsonNode json, String format) {
        assertEquals(format, json.get("format").asText(), json.toString());
        assertEquals(1, json.get("format_version").asInt(), json.toString());
        assertEquals(Version.VALUE, json.get("duet_version").asText(), json.toString());
    }

    @Test
    void explainJsonDashPrintsOnlyTheJsonAndTheSummaryGoesToStandardError() throws IOException {
        CliContractTest.Result result = CliContractTest.run(explain("--json", "-"));
        assertEquals(0, result.exit(), result.err());
        JsonNode json = result.json();
        assertStamped(json, "explanation");
        assertEquals(9, json.get("interactions").size(), "BOS, seven words, EOS");
        assertEquals(result.out().strip(), JSON.writeValueAsString(json), "nothing but the JSON on standard output");
        assertTrue(result.err().startsWith("similarity "), result.err());
        assertFalse(Files.exists(Path.of("-")), "no file named -");
    }

    @Test
    void everyJsonNamesItsFormatAndDuetsVersion() throws IOException {
        assertStamped(CliContractTest.run("tokenize", "--model", CliContractTest.model(), "--json", "a red circle").json(), "tokens");
        assertStamped(CliContractTest.run("preprocess", "--model", CliContractTest.model(), "--image", CliContractTest.image(0),
                "--json").json(), "preprocessing");
        assertStamped(CliContractTest.run("embed", "--model", CliContractTest.model(), "--text", "a red circle", "--json").json(),
                "embeddings");
        Path file = directory.resolve("e.json");
        assertEquals(0, CliContractTest.run(explain("--json", file.toString())).exit());
        assertStamped(JSON.readTree(file.toFile()), "explanation");
    }

    @Test
    void everyJsonThatDescribesAnImageRecordsItsPreprocessingOrder() throws IOException {
        // an RGBA PNG with partial alpha: OpenAI's order resizes it premultiplied, transformers' drops alpha first
        java.awt.image.BufferedImage rgba = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                rgba.setRGB(x, y, (x * 6) << 24 | (y * 8) << 16 | (x * 5) << 8 | 200);
            }
        }
        Path image = directory.resolve("alpha.png");
        javax.imageio.ImageIO.write(rgba, "png", image.toFile());
        String model = CliContractTest.model();
        JsonNode layoutDefault = CliContractTest.run("preprocess", "--model", model, "--image", image.toString(), "--json").json();
        JsonNode hf = CliContractTest.run("preprocess", "--model", model, "--image", image.toString(), "--json",
                "--preprocess", "hf").json();
        JsonNode openai = CliContractTest.run("preprocess", "--model", model, "--image", image.toString(), "--json",
                "--preprocess", "openai").json();
        assertEquals("hf", layoutDefault.get("preprocessing").asText(), "the fixture is in the HuggingFace layout");
        assertEquals(layoutDefault.get("pixel_sha256"), hf.get("pixel_sha256"));
        assertEquals("openai", openai.get("preprocessing").asText());
        assertFalse(openai.get("pixel_sha256").equals(hf.get("pixel_sha256")), "the orders differ on an RGBA image");
        assertEquals("openai", CliContractTest.run("embed", "--model", model, "--image", image.toString(), "--json",
                "--preprocess", "openai").json().get("preprocessing").asText());
        Path file = directory.resolve("e.json");
        assertEquals(0, CliContractTest.run(explain("--json", file.toString(), "--preprocess", "openai")).exit());
        assertEquals("openai", JSON.readTree(file.toFile()).get("crop").get("preprocessing").asText());
        CliContractTest.Result unknown = CliContractTest.run("preprocess", "--model", model, "--image", image.toString(),
                "--preprocess", "torch");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("openai or hf"), unknown.err());
    }

    /** The .npy file parsed by the format's own rules (NumPy's format.rst, version 1.0), not by Duet's writer. */
    @Test
    void theNpyMatrixHoldsTheJsonInteractionsAsLittleEndianFloat32InCOrder() throws IOException {
        Path json = directory.resolve("e.json");
        Path npy = directory.resolve("e.npy");
        CliContractTest.Result result = CliContractTest.run(explain("--json", json.toString(), "--npy", npy.toString()));
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("wrote " + npy), result.out());
        JsonNode interactions = JSON.readTree(json.toFile()).get("interactions");

        byte[] bytes = Files.readAllBytes(npy);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, java.util.Arrays.copyOf(bytes, 8));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\n"), header);
        assertTrue(header.contains("'descr': '<f4'"), header);
        assertTrue(header.contains("'fortran_order': False"), header);
        Matcher shape = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(header);
        assertTrue(shape.find(), header);
        int rows = Integer.parseInt(shape.group(1));
        int columns = Integer.parseInt(shape.group(2));
        assertEquals(interactions.size(), rows);
        assertEquals(interactions.get(0).size(), columns);
        assertEquals(10 + headerLength + 4L * rows * columns, bytes.length);

        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, 4 * rows * columns).order(ByteOrder.LITTLE_ENDIAN);
        double largest = 0;
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                float value = data.getFloat();
                assertEquals((float) interactions.get(row).get(column).asDouble(), value, "entry " + row + ", " + column);
                largest = Math.max(largest, Math.abs(value));
            }
        }
        assertTrue(largest > 0, "the matrix is not all zeros");
    }

    @Test
    void npyToStandardOutputIsRefusedBeforeAnyWork() throws IOException {
        CliContractTest.Result result = CliContractTest.run(explain("--npy", "-"));
        assertEquals(2, result.exit());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("--npy"), result.err());
    }

    @Test
    void evaluateJsonDashPrintsTheScoresAndNothingElse() throws IOException {
        CliContractTest.Result result = CliContractTest.run("evaluate", "--model", CliContractTest.model(), "--scenes", "3",
                "--quadrature", "riemann", "--steps", "2", "--json", "-");
        assertEquals(0, result.exit(), result.err());
        JsonNode json = result.json();
        assertStamped(json, "evaluation");
        assertEquals(3, json.get("scenes").asInt());
        assertEquals(2, json.get("text_layer").asInt());
        assertEquals("standard", json.get("world").asText());
        double share = json.get("grounding").get("share").asDouble();
        assertTrue(share >= 0 && share <= 1, json.toString());
        assertTrue(json.get("grounding").get("phrases").asInt() > 0, json.toString());
        // stderr carries the summary line, beside the progress
        assertTrue(result.err().lines().anyMatch(line -> line.startsWith("3 scenes, layers 2/2")), result.err());
    }

    @Test
    void evaluateJsonFileMatchesTheSummary() throws IOException {
        Path file = directory.resolve("scores.json");
        CliContractTest.Result result = CliContractTest.run("evaluate", "--model", CliContractTest.model(), "--scenes", "3",
                "--quadrature", "riemann", "--steps", "2", "--json", file.toString());
        assertEquals(0, result.exit(), result.err());
        JsonNode json = JSON.readTree(file.toFile());
        assertTrue(result.out().contains(String.format(java.util.Locale.ROOT, "hard negatives %.3f",
                json.get("hard_negative").asDouble())), result.out() + " vs " + json);
    }
}
