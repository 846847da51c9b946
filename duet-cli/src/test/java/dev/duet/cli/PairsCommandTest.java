/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code explain --pairs FILE --out DIR}: one JSON and one PNG per pair, an index, resume, and bad lines. */
class PairsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private Path out;

    @BeforeEach
    void images() throws IOException {
        Files.createDirectories(directory.resolve("photos"));
        Files.copy(Path.of(CliContractTest.image(0)), directory.resolve("photos/one.png"));
        Files.copy(Path.of(CliContractTest.image(2)), directory.resolve("photos/two.png"));
        out = directory.resolve("out");
    }

    private CliContractTest.Result run(Path pairs, String... more) {
        List<String> args = new ArrayList<>(List.of("explain", "--model", CliContractTest.model(), "--quadrature", "riemann",
                "--steps", "2", "--pairs", pairs.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return CliContractTest.run(args.toArray(String[]::new));
    }

    private Path jsonl(String... lines) throws IOException {
        return Files.writeString(directory.resolve("pairs.jsonl"), String.join("\n", lines) + "\n");
    }

    private Map<String, FileTime> outputs() throws IOException {
        Map<String, FileTime> files = new TreeMap<>();
        try (Stream<Path> listed = Files.list(out)) {
            for (Path file : listed.toList()) {
                files.put(file.getFileName().toString(), Files.getLastModifiedTime(file));
            }
        }
        return files;
    }

    private Path threePairs() throws IOException {
        return jsonl("{\"caption\": \"a red circle and a blue square\", \"image\": \"photos/one.png\", \"spans\": [\"red circle\"]}",
                "{\"caption\": \"a red circle and a blue square\", \"image\": \"photos/two.png\"}",
                "",
                "{\"caption\": \"a yellow sun\", \"image\": \"photos/one.png\"}");
    }

    @Test
    void eachPairGetsAJsonAndAPngAndTheIndexLinksThem() throws IOException {
        CliContractTest.Result result = run(threePairs());
        assertEquals(0, result.exit(), result.err());
        assertEquals(List.of("index.html", "pair-1.json", "pair-1.png", "pair-2.json", "pair-2.png", "pair-4.json", "pair-4.png"),
                List.copyOf(outputs().keySet()));
        assertTrue(result.out().startsWith("explained 3 pairs (0 already done)"), result.out());
        assertTrue(result.err().contains("3/3 pairs"), "the progress bar ends at 3 of 3: " + result.err());
        JsonNode first = JSON.readTree(out.resolve("pair-1.json").toFile());
        assertEquals("a red circle and a blue square", first.get("caption").asText());
        assertEquals(16, first.get("span_maps").get("red circle").get("map").size(), "one value per patch of the 4x4 grid");
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("href=\"pair-4.json\"") && index.contains("src=\"pair-2.png\""), index);
    }

    /** Shared factors (forward mode) give the single explain's interactions (auto mode) up to rounding. */
    @Test
    void aPairInTheBatchIsExplainedAsAlone() throws IOException {
        assertEquals(0, run(threePairs()).exit());
        Path single = directory.resolve("single.json");
        assertEquals(0, CliContractTest.run("explain", "--model", CliContractTest.model(), "--quadrature", "riemann", "--steps", "2",
                "--caption", "a red circle and a blue square", "--image", directory.resolve("photos/one.png").toString(),
                "--json", single.toString()).exit());
        JsonNode alone = JSON.readTree(single.toFile()).get("interactions");
        JsonNode batched = JSON.readTree(out.resolve("pair-1.json").toFile()).get("interactions");
        assertEquals(alone.size(), batched.size());
        for (int row = 0; row < alone.size(); row++) {
            for (int column = 0; column < alone.get(row).size(); column++) {
                assertEquals(alone.get(row).get(column).asDouble(), batched.get(row).get(column).asDouble(), 1e-5);
            }
        }
    }

    /** A run killed midway leaves complete pairs and perhaps a temporary file; the rerun does the rest only. */
    @Test
    void aRerunAfterAKillExplainsOnlyWhatIsMissing() throws IOException {
        Path pairs = threePairs();
        assertEquals(0, run(pairs).exit());
        Files.delete(out.resolve("pair-2.json"));
        Files.delete(out.resolve("pair-4.png"));
        Files.writeString(out.resolve(".duet-12345.part"), "half a PNG");
        Map<String, FileTime> before = outputs();

        CliContractTest.Result rerun = run(pairs);
        assertEquals(0, rerun.exit(), rerun.err());
        assertTrue(rerun.out().startsWith("explained 2 pairs (1 already done)"), rerun.out());
        Map<String, FileTime> after = outputs();
        assertEquals(List.of("index.html", "pair-1.json", "pair-1.png", "pair-2.json", "pair-2.png", "pair-4.json", "pair-4.png"),
                List.copyOf(after.keySet()), "exactly one output of each kind per pair, no leftovers");
        assertEquals(before.get("pair-1.json"), after.get("pair-1.json"), "a done pair is not written again");
        assertEquals(before.get("pair-1.png"), after.get("pair-1.png"), "a done pair is not written again");
    }

    @Test
    void aMalformedLineStopsTheRunBeforeAnyWorkAndSaysWhichAndWhy() throws IOException {
        Path pairs = jsonl("{\"caption\": \"a red circle\", \"image\": \"photos/one.png\"}",
                "{\"caption\": \"a red circle\", \"imgae\": \"photos/one.png\"}");
        CliContractTest.Result result = run(pairs);
        assertEquals(2, result.exit());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("pairs.jsonl: line 2: unknown key \"imgae\""), result.err());
        assertTrue(!Files.exists(out), "nothing written");
    }

    @Test
    void skippedLinesAreReportedAndTheRestExplained() throws IOException {
        Path pairs = jsonl("{\"caption\": \"a red circle\", \"image\": \"photos/one.png\"}",
                "not json",
                "{\"caption\": \"a red circle\", \"image\": \"photos/absent.png\"}",
                "{\"caption\": \"a red circle\", \"image\": \"photos/two.png\", \"spans\": [\"green\"]}");
        CliContractTest.Result result = run(pairs, "--on-bad-line", "skip");
        assertEquals(0, result.exit(), result.err());
        assertEquals(List.of("index.html", "pair-1.json", "pair-1.png"), List.copyOf(outputs().keySet()));
        for (String line : List.of("line 2 left out: not JSON", "line 3 left out: image", "line 4 left out: ")) {
            assertTrue(result.err().contains(line), line + " in " + result.err());
        }
    }

    @Test
    void csvPairsWithQuotedCommas() throws IOException {
        Path pairs = Files.writeString(directory.resolve("pairs.csv"),
                "caption,image\n\"a red circle, and a blue square\",photos/one.png\na yellow sun,photos/two.png\n");
        CliContractTest.Result result = run(pairs);
        assertEquals(0, result.exit(), result.err());
        assertEquals("a red circle, and a blue square", JSON.readTree(out.resolve("pair-2.json").toFile()).get("caption").asText());
        assertTrue(Files.isRegularFile(out.resolve("pair-3.png")));
    }

    @Test
    void aCsvWithoutItsHeaderIsRefused() throws IOException {
        Path pairs = Files.writeString(directory.resolve("pairs.csv"), "a red circle,photos/one.png\n");
        CliContractTest.Result result = run(pairs);
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("line 1: the header row must be caption,image"), result.err());
    }
}
