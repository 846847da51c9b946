/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands that write many outputs, killed (SIGKILL) partway and run again: the final
 * outputs equal those of an uninterrupted run, nothing duplicated or lost, no partial file left
 * visible. (Training has its own: {@link TrainResumeTest}.)
 */
class KillAndRerunTest {

    private static final String DEFAULT_MODEL = Path.of("..", "models", "default").toAbsolutePath().normalize().toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void worldGeneration() throws Exception {
        Path whole = directory.resolve("whole");
        Path killed = directory.resolve("killed");
        assertEquals(0, CliContractTest.run(world(whole)).exit());
        killWhen(world(killed), () -> partialFiles(directory, killed) > 20);
        assertFalse(Files.exists(killed), "the killed run published nothing");
        CliContractTest.Result rerun = CliContractTest.run(world(killed));
        assertEquals(0, rerun.exit(), rerun.err());
        assertEquals(files(whole, path -> true), files(killed, path -> true));
        try (Stream<Path> left = Files.list(directory)) {
            assertTrue(left.noneMatch(path -> path.getFileName().toString().contains(".partial-")), "no partial folder left");
        }
    }

    @Test
    void evaluation() throws Exception {
        Path world = directory.resolve("scenes");
        assertEquals(0, CliContractTest.run(world(world, "8")).exit());
        Path whole = directory.resolve("whole");
        Path killed = directory.resolve("killed");
        assertEquals(0, CliContractTest.run(eval(world, whole)).exit());
        killWhen(eval(world, killed), () -> lines(killed.resolve("results.jsonl")) >= 3);
        assertFalse(Files.exists(killed.resolve("summary.json")), "the run was killed before it finished");
        CliContractTest.Result rerun = CliContractTest.run(eval(world, killed));
        assertEquals(0, rerun.exit(), rerun.err());
        for (String file : List.of("results.jsonl", "summary.json", "run.json")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(killed.resolve(file)), file);
        }
    }

    @Test
    void batchExplanations() throws Exception {
        Path pairs = directory.resolve("pairs.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("{\"caption\": \"a red circle number " + i + "\", \"image\": \"" + CliContractTest.image(i % 3) + "\"}");
        }
        Files.write(pairs, lines);
        Path whole = directory.resolve("whole");
        Path killed = directory.resolve("killed");
        assertEquals(0, CliContractTest.run(explain(pairs, whole)).exit());
        killWhen(explain(pairs, killed), () -> Files.exists(killed.resolve("pair-2.json")));
        assertFalse(Files.exists(killed.resolve("index.html")), "the run was killed before it finished");
        CliContractTest.Result rerun = CliContractTest.run(explain(pairs, killed));
        assertEquals(0, rerun.exit(), rerun.err());
        // the JSON carries its seconds, which no two runs share
        assertEquals(jsonWithoutSeconds(whole), jsonWithoutSeconds(killed));
        assertEquals(files(whole, path -> path.toString().endsWith(".png")), files(killed, path -> path.toString().endsWith(".png")));
        try (Stream<Path> left = Files.list(killed)) {
            assertTrue(left.noneMatch(path -> !path.getFileName().toString().matches("pair-\\d+\\.(json|png)|index\\.html")),
                    "only the outputs are left");
        }
    }

    private static String[] world(Path out, String... count) {
        return new String[] {"world", "--count", count.length > 0 ? count[0] : "300", "--seed", "3", "--out", out.toString()};
    }

    private static String[] eval(Path world, Path out) {
        return new String[] {"eval", "--dataset", "synthetic", "--data", world.toString(), "--model", DEFAULT_MODEL,
                "--threads", "1", "--text-layer", "0", "--quadrature", "gauss-legendre", "--steps", "4",
                "--methods", "duet,random", "--quiet", "--out", out.toString()};
    }

    private static String[] explain(Path pairs, Path out) {
        return new String[] {"explain", "--model", CliContractTest.model(), "--quadrature", "riemann", "--steps", "2",
                "--pairs", pairs.toString(), "--quiet", "--out", out.toString()};
    }

    /** Starts the command in its own JVM and kills it (SIGKILL) once {@code ready} holds. */
    private static void killWhen(String[] arguments, java.util.concurrent.Callable<Boolean> ready) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                DuetCommand.class.getName()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ready.call() && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        boolean wasRunning = process.isAlive();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(wasRunning, "the command was still running when it was killed");
    }

    private static long partialFiles(Path parent, Path target) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            List<Path> partial = entries.filter(p -> p.getFileName().toString().startsWith("." + target.getFileName()
                    + ".partial-")).toList();
            long count = 0;
            for (Path folder : partial) {
                try (Stream<Path> inside = Files.walk(folder)) {
                    count += inside.count();
                } catch (IOException | java.io.UncheckedIOException e) {
                    // the folder is being written; count it next time
                }
            }
            return count;
        }
    }

    private static long lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> line.endsWith("}")).count() : 0;
    }

    /** Relative path -> bytes, for the files {@code keep} accepts. */
    private static Map<String, String> files(Path root, Predicate<Path> keep) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(keep).toList()) {
                contents.put(root.relativize(file).toString(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return contents;
    }

    private static Map<String, String> jsonWithoutSeconds(Path root) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.list(root)) {
            for (Path file : walk.filter(path -> path.toString().endsWith(".json")).toList()) {
                ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
                node.remove("seconds");
                contents.put(file.getFileName().toString(), node.toString());
            }
        }
        return contents;
    }
}
