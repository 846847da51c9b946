/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.tensor.Parallel;
import dev.duet.world.WorldGenerator;
import dev.duet.world.WorldSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code duet eval --dataset synthetic} on scenes written by the world generator, against the
 * default model: the summary's contract, resume after a cut log giving the same bytes, a
 * changed argument refused, and bad input exiting with 2 without a summary.
 */
class EvalCommandTest {

    private static final String DEFAULT_MODEL = Path.of("..", "models", "default").toAbsolutePath().normalize().toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path directory;

    static Path world;

    @BeforeAll
    static void writeWorld() throws IOException {
        world = directory.resolve("world");
        WorldGenerator.write(world, WorldSpec.standard(), 4, 11, Parallel.serial());
    }

    private static String[] args(Path out, String... extra) {
        List<String> all = new java.util.ArrayList<>(List.of("eval", "--dataset", "synthetic", "--data", world.toString(),
                "--model", DEFAULT_MODEL, "--threads", "1", "--text-layer", "0", "--quadrature", "gauss-legendre", "--steps", "4",
                "--out", out.toString()));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    @Test
    void firstOrderAndDenseBaselinesAreScoredBesideDuets() throws IOException {
        Path out = directory.resolve("baselines");
        CliContractTest.Result run = CliContractTest.run(args(out, "--methods", "duet,gradient,dense", "--chart-format", "both"));
        assertEquals(0, run.exit(), run.err());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        for (String method : List.of("duet", "gradient", "dense")) {
            JsonNode pointing = summary.path("methods").path(method).path("pointing_game");
            assertTrue(pointing.path("n").intValue() > 0, method + ": " + pointing);
        }
        assertEquals(summary.path("methods").path("duet").path("pointing_game").path("n").intValue(),
                summary.path("methods").path("dense").path("pointing_game").path("n").intValue(), "every method scores every phrase");
        for (String chart : List.of(EvalCharts.PER_CLASS_POINTING, EvalCharts.PER_CLASS_MASS, EvalCharts.METHODS,
                EvalCharts.MASS_DISTRIBUTION)) {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(out.resolve(chart + ".png").toFile());
            assertTrue(image != null && image.getWidth() == 1000, chart + " is a chart");
            String svg = Files.readString(out.resolve(chart + ".svg"));
            assertTrue(svg.contains("<svg") && svg.contains(">duet</text") && svg.contains(">dense</text"),
                    chart + ".svg names the methods");
        }
        String cases = Files.readString(out.resolve(EvalCases.FILE));
        summary.path("methods").path("duet").path("per_class").fieldNames().forEachRemaining(label ->
                assertTrue(cases.contains("<h2>" + label + "</h2>"), "cases of " + label));
        assertTrue(cases.contains("best: ") && cases.contains("data:image/png;base64,"), "figures of the best cases");
    }

    @Test
    void severalLayerPairsAreScoredSideBySide() throws IOException {
        Path out = directory.resolve("pairs");
        CliContractTest.Result run = CliContractTest.run(args(out, "--methods", "duet,centre", "--layer-pairs", "0/3,3/3"));
        assertEquals(0, run.exit(), run.err());
        JsonNode methods = JSON.readTree(out.resolve("summary.json").toFile()).path("methods");
        for (String method : List.of("duet@0/3", "duet@3/3", "centre")) {
            assertTrue(methods.path(method).path("pointing_game").path("n").intValue() > 0, method + ": " + methods);
        }
        assertTrue(methods.path("duet@0/3").has("contrast"), "the contrasts use the first pair");
        assertTrue(Files.exists(out.resolve(EvalCharts.METHODS + ".png")), "PNG charts by default");
        assertFalse(Files.exists(out.resolve(EvalCharts.METHODS + ".svg")), "and no SVG");
        CliContractTest.Result pdf = CliContractTest.run(args(directory.resolve("pdf"), "--chart-format", "pdf"));
        assertEquals(2, pdf.exit(), pdf.err());
        assertTrue(pdf.err().contains("unknown chart format 'pdf' (png, svg or both)"), pdf.err());
        CliContractTest.Result bad = CliContractTest.run(args(directory.resolve("bad-pairs"), "--layer-pairs", "0-3"));
        assertEquals(2, bad.exit(), bad.err());
    }

    @Test
    void summaryFollowsTheContractAndAResumedRunEndsTheSame() throws IOException {
        Path out = directory.resolve("run");
        CliContractTest.Result first = CliContractTest.run(args(out));
        assertEquals(0, first.exit(), first.err());
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        for (String method : List.of("duet", "random", "centre")) {
            JsonNode node = summary.path("methods").path(method);
            for (String metric : List.of("pointing_game", "mass_in_box")) {
                JsonNode interval = node.path(metric);
                assertTrue(interval.path("n").intValue() > 0, method + " " + metric + ": " + interval);
                double mean = interval.path("mean").doubleValue();
                assertTrue(interval.path("low").doubleValue() <= mean && mean <= interval.path("high").doubleValue(), interval.toString());
            }
            assertTrue(node.path("per_class").size() > 0, method + " has per-class scores");
            node.path("per_class").forEach(cell -> assertTrue(cell.has("pointing_game") && cell.has("mass_in_box")));
        }
        assertTrue(summary.path("methods").path("duet").has("contrast"), "the world's hard negatives are scored");
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| duet |"));

        byte[] results = Files.readAllBytes(out.resolve("results.jsonl"));
        byte[] summaryBytes = Files.readAllBytes(out.resolve("summary.json"));
        Files.write(out.resolve("results.jsonl"), java.util.Arrays.copyOf(results, results.length / 2));
        CliContractTest.Result resumed = CliContractTest.run(args(out));
        assertEquals(0, resumed.exit(), resumed.err());
        assertArrayEquals(summaryBytes, Files.readAllBytes(out.resolve("summary.json")));
        assertEquals(new String(results, StandardCharsets.UTF_8).lines().sorted().toList(),
                Files.readString(out.resolve("results.jsonl")).lines().sorted().toList());

        CliContractTest.Result changed = CliContractTest.run(args(out, "--seed", "5"));
        assertEquals(2, changed.exit());
        assertTrue(changed.err().contains("run.json") && changed.err().contains("seed"), changed.err());
        assertArrayEquals(summaryBytes, Files.readAllBytes(out.resolve("summary.json")));
    }

    @Test
    void aFolderInTheWrongLayoutNamesTheExpectedFile() {
        Path out = directory.resolve("wrong-layout");
        CliContractTest.Result result = CliContractTest.run("eval", "--dataset", "coco", "--data", world.toString(),
                "--model", DEFAULT_MODEL, "--out", out.toString());
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("captions_val2017.json"), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertFalse(Files.exists(out.resolve("summary.json")));
    }
}
