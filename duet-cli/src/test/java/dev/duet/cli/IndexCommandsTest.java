/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code duet index} and {@code duet search}: the JSON contract, resuming a killed build, and bad input (exit 2). */
class IndexCommandsTest {

    @TempDir
    static Path directory;

    private static Path images;
    private static Path index;

    /** The six fixture images, and the same six again in a sub-folder: twelve items. */
    private static Path corpus(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("again"));
        try (Stream<Path> files = Files.list(CliContractTest.fixtures().resolve("images"))) {
            for (Path file : files.sorted().toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
                Files.copy(file, folder.resolve("again").resolve(file.getFileName()));
            }
        }
        return folder;
    }

    private static List<String> indexArguments(Path out, String... more) {
        List<String> arguments = new ArrayList<>(List.of("index", "--model", CliContractTest.model(), "--images", images.toString(),
                "--out", out.toString(), "--quadrature", "gauss-legendre", "--steps", "4", "--threads", "1"));
        arguments.addAll(List.of(more));
        return arguments;
    }

    @BeforeAll
    static void build() throws IOException {
        images = corpus(directory.resolve("images"));
        index = directory.resolve("index");
        CliContractTest.Result built = CliContractTest.run(indexArguments(index, "--commit-every", "5").toArray(String[]::new));
        assertEquals(0, built.exit(), built.err());
        assertTrue(built.out().startsWith("indexed 12 images into " + index + " (0 were already there, 0 unreadable skipped); 12 in the index"),
                built.out());
        assertTrue(built.err().contains("12/12 images") && built.err().contains("0 unreadable, skipped"), built.err());
    }

    @Test
    void searchPrintsTheContractsJson() {
        CliContractTest.Result plain = CliContractTest.run("search", "--index", index.toString(), "--query", "a red circle", "--k", "10",
                "--json");
        assertEquals(0, plain.exit(), plain.err());
        JsonNode json = plain.json();
        assertEquals("search", json.get("format").asText());
        assertEquals(10, json.get("results").size());
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode result : json.get("results")) {
            assertTrue(Files.isRegularFile(Path.of(result.get("file").asText())), result.toString());
            assertTrue(result.get("similarity").asDouble() <= previous, "ranked by similarity");
            previous = result.get("similarity").asDouble();
            assertEquals(5, result.get("tokens").size(), "BOS a red circle EOS");
            assertEquals("[4,4]", result.get("grid").toString());
            assertFalse(result.has("interactions"), "interactions only with --explain");
        }
        assertTrue(json.get("seconds").asDouble() > 0);

        CliContractTest.Result explained = CliContractTest.run("search", "--index", index.toString(), "--query", "a red circle", "--k", "3",
                "--explain", "--json");
        assertEquals(0, explained.exit(), explained.err());
        for (int i = 0; i < 3; i++) {
            JsonNode result = explained.json().get("results").get(i);
            assertEquals(json.get("results").get(i).get("file"), result.get("file"), "explaining does not change the ranking");
            JsonNode interactions = result.get("interactions");
            assertEquals(5, interactions.size());
            assertEquals(17, interactions.get(0).size(), "CLS + 4 x 4 patches");
            double sum = 0;
            for (JsonNode row : interactions) {
                for (JsonNode value : row) {
                    sum += value.asDouble();
                }
            }
            JsonNode completeness = result.get("completeness");
            assertEquals(completeness.get("sum").asDouble(), sum, 1e-5);
            assertEquals(completeness.get("target").asDouble() + completeness.get("error").asDouble(), sum, 1e-5);
        }
    }

    @Test
    void searchWritesTheReport() throws IOException {
        Path report = directory.resolve("report.html");
        CliContractTest.Result result = CliContractTest.run("search", "--index", index.toString(), "--query", "a green triangle", "--k", "2",
                "--report", report.toString());
        assertEquals(0, result.exit(), result.err());
        String html = Files.readString(report);
        assertTrue(html.contains("a green triangle") && html.contains("data:image/png;base64,"), "a self-contained report");
        assertEquals(3, result.out().lines().count() + 1, result.out());
    }

    @Test
    void aKilledBuildResumedHoldsEachImageOnce() throws Exception {
        Path killed = directory.resolve("killed");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), DuetCommand.class.getName()));
        command.addAll(indexArguments(killed, "--commit-every", "1"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path third = killed.resolve("factors").resolve("chunk-000002.dfs");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(third) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(process.isAlive(), "the build was still running when it was killed");
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        CliContractTest.Result resumed = CliContractTest.run(indexArguments(killed, "--commit-every", "1").toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());
        Matcher counts = Pattern.compile("indexed (\\d+) images into .* \\((\\d+) were already there, 0 unreadable skipped\\); 12 in the index")
                .matcher(resumed.out());
        assertTrue(counts.find(), resumed.out());
        int before = Integer.parseInt(counts.group(2));
        assertTrue(before >= 2 && before < 12, "killed midway: " + resumed.out());
        assertEquals(12, Integer.parseInt(counts.group(1)) + before);

        CliContractTest.Result all = CliContractTest.run("search", "--index", killed.toString(), "--query", "a shape", "--k", "100", "--json");
        assertEquals(0, all.exit(), all.err());
        Set<String> files = new HashSet<>();
        all.json().get("results").forEach(result -> files.add(result.get("key").asText()));
        assertEquals(12, all.json().get("results").size(), "every image once");
        assertEquals(12, files.size(), "no image twice");
    }

    @Test
    void badInputExitsWithTwoAndOneLine() throws IOException {
        Path report = directory.resolve("never.html");
        CliContractTest.Result blank = CliContractTest.run("search", "--index", index.toString(), "--query", "   ", "--report", report.toString());
        assertEquals(2, blank.exit());
        assertEquals("duet: the query \"   \" holds no token to search with", blank.err().strip());
        assertFalse(Files.exists(report), "nothing written");

        CliContractTest.Result foreign = CliContractTest.run("search", "--index", images.toString(), "--query", "a red circle");
        assertEquals(2, foreign.exit());
        assertTrue(foreign.err().startsWith("duet: " + images + ": not a Duet index"), foreign.err());
        assertEquals(1, foreign.err().lines().count());

        Path broken = directory.resolve("broken-images");
        Files.createDirectories(broken);
        Files.copy(Path.of(CliContractTest.image(0)), broken.resolve("first.png"));
        Files.copy(Path.of(CliContractTest.image(1)), broken.resolve("second.png"));
        Files.write(broken.resolve("truncated.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0});
        Path strict = directory.resolve("strict");
        CliContractTest.Result fatal = CliContractTest.run("index", "--model", CliContractTest.model(), "--images", broken.toString(),
                "--out", strict.toString(), "--on-bad-image", "fail", "--quadrature", "gauss-legendre", "--steps", "2");
        assertEquals(2, fatal.exit(), fatal.err());
        assertTrue(fatal.err().contains("truncated.jpg"), fatal.err());
        assertFalse(Files.exists(strict), "a failed first build leaves nothing");

        Path lenient = directory.resolve("lenient");
        CliContractTest.Result skipped = CliContractTest.run("index", "--model", CliContractTest.model(), "--images", broken.toString(),
                "--out", lenient.toString(), "--quadrature", "gauss-legendre", "--steps", "2");
        assertEquals(0, skipped.exit(), skipped.err());
        assertTrue(skipped.out().contains("1 unreadable skipped); 2 in the index"), skipped.out());
        assertTrue(skipped.err().contains("index: skipped " + broken.resolve("truncated.jpg")), skipped.err());

        CliContractTest.Result other = CliContractTest.run("index", "--model", CliContractTest.model(), "--images", broken.toString(),
                "--out", lenient.toString(), "--quadrature", "gauss-legendre", "--steps", "3");
        assertEquals(2, other.exit());
        assertTrue(other.err().contains("was built with other settings (steps 3 now, 2 in the index)"), other.err());

        CliContractTest.Result otherModel = CliContractTest.run("search", "--index", lenient.toString(), "--query", "a red circle",
                "--model", "../models/default");
        assertEquals(2, otherModel.exit());
        assertTrue(otherModel.err().contains("was built with another model"), otherModel.err());
    }
}
