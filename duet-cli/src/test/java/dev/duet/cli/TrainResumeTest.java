/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training run, on a world or a data set, killed after a checkpoint and resumed ends exactly as the uninterrupted run. */
class TrainResumeTest {

    @TempDir
    Path directory;

    private static List<String> arguments(Path out) {
        return List.of("train", "--out", out.toString(), "--tokenizer-from", CliContractTest.model(), "--merges", "300",
                "--steps", "300", "--batch", "4", "--negatives", "2", "--eval-every", "150", "--eval-scenes", "3",
                "--threads", "2", "--width", "32", "--text-layers", "1", "--vision-layers", "1", "--image-size", "32",
                "--checkpoint-every", "20", "--world", "bound");
    }

    @Test
    void killedRunResumesToTheSameWeightsAndScores() throws Exception {
        Path whole = directory.resolve("whole");
        CliContractTest.Result uninterrupted = CliContractTest.run(arguments(whole).toArray(String[]::new));
        assertEquals(0, uninterrupted.exit(), uninterrupted.err());
        assertFalse(Files.exists(TrainCommand.checkpointFolder(whole)), "a finished run removes its checkpoints");

        Path killed = directory.resolve("killed");
        Process process = start(arguments(killed));
        Path latest = TrainCommand.checkpointFolder(killed).resolve("latest");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(latest) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(latest), "the run saved a checkpoint before it was killed");
        assertFalse(Files.exists(killed.resolve("model.safetensors")), "the run was killed before it finished");

        List<String> again = new ArrayList<>(arguments(killed));
        // which files the curves go into is not part of what identifies the run
        again.addAll(List.of("--resume", "--chart-format", "svg"));
        CliContractTest.Result resumed = CliContractTest.run(again.toArray(String[]::new));
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.err().contains("resuming at step "), resumed.err());
        assertTrue(Files.exists(killed.resolve(TrainingFigure.CURVES + ".svg")), "the resumed run draws SVG curves");
        assertFalse(Files.exists(killed.resolve(TrainingFigure.CURVES + ".png")), "and no PNG");
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(killed.resolve("model.safetensors")));
        assertEquals(Files.readAllLines(whole.resolve("evaluation.tsv")), Files.readAllLines(killed.resolve("evaluation.tsv")));
        assertEquals(steps(whole), steps(killed), "one log line per step, none twice");
    }

    /**
     * Held-out evaluations read the weights and never the training's random streams, so a run that
     * evaluates every 5 steps and one that evaluates only at its start and end write the same weights.
     */
    @Test
    void evaluationsLeaveTheWeightsAlone() throws Exception {
        Path often = directory.resolve("often");
        Path rarely = directory.resolve("rarely");
        for (Path out : List.of(often, rarely)) {
            List<String> arguments = new ArrayList<>(List.of("train", "--out", out.toString(), "--tokenizer-from",
                    CliContractTest.model(), "--merges", "300", "--steps", "20", "--batch", "4", "--negatives", "2",
                    "--eval-scenes", "3", "--threads", "2", "--width", "32", "--text-layers", "1", "--vision-layers", "1",
                    "--image-size", "32", "--world", "bound", "--eval-text-layer", "0", "--eval-image-layer", "0"));
            arguments.addAll(List.of("--eval-every", out.equals(often) ? "5" : "0"));
            CliContractTest.Result result = CliContractTest.run(arguments.toArray(String[]::new));
            assertEquals(0, result.exit(), result.err());
        }
        assertEquals(5, Files.readAllLines(often.resolve("evaluation.tsv")).size() - 1, "steps 0, 5, 10, 15, 20");
        assertEquals(2, Files.readAllLines(rarely.resolve("evaluation.tsv")).size() - 1, "steps 0 and 20");
        assertArrayEquals(Files.readAllBytes(often.resolve("model.safetensors")),
                Files.readAllBytes(rarely.resolve("model.safetensors")));
    }

    private static List<String> finetune(Path data, Path out) {
        return List.of("finetune", "--dataset", "hnc", "--data", data.toString(), "--init", CliContractTest.model(),
                "--out", out.toString(), "--steps", "120", "--batch", "4", "--negatives", "2", "--eval-every", "40",
                "--eval-images", "2", "--threads", "2", "--checkpoint-every", "10", "--seed", "5");
    }

    /**
     * {@code finetune --dataset hnc} killed (SIGKILL) a random time after its first checkpoint and
     * rerun with {@code --resume} leaves the uninterrupted run's files: each byte for byte, but for
     * the two measured columns (pairs and phrases per second), and nothing else beside them.
     */
    @Test
    void killedFinetuningOnADataSetResumesToTheSameFiles() throws Exception {
        Path data = FinetuneDatasetTest.hnc(directory.resolve("hnc"), 6, 2);
        Path runs = Files.createDirectories(directory.resolve("runs"));
        Path whole = runs.resolve("whole");
        CliContractTest.Result uninterrupted = CliContractTest.run(finetune(data, whole).toArray(String[]::new));
        assertEquals(0, uninterrupted.exit(), uninterrupted.err());

        Path killed = runs.resolve("killed");
        long delay = new SplittableRandom().nextLong(1500);
        Process process = start(finetune(data, killed));
        Path latest = TrainCommand.checkpointFolder(killed).resolve("latest");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(latest) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        Thread.sleep(delay);
        boolean alive = process.isAlive();
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        String when = "killed " + delay + " ms after its first checkpoint";
        assertTrue(alive, "the run was still going when " + when);
        assertTrue(Files.exists(latest), "the run saved a checkpoint before it was " + when);
        assertFalse(Files.exists(killed), "a killed run publishes nothing (" + when + ")");

        List<String> again = new ArrayList<>(finetune(data, killed));
        again.add("--resume");
        CliContractTest.Result resumed = CliContractTest.run(again.toArray(String[]::new));
        assertEquals(0, resumed.exit(), when + ": " + resumed.err());
        assertTrue(resumed.err().contains("resuming at step "), resumed.err());
        assertEquals(names(whole), names(killed), when);
        for (String file : names(whole)) {
            switch (file) {
                case "training-log.tsv" -> assertEquals(measured(whole.resolve(file), "pairs_per_second"),
                        measured(killed.resolve(file), "pairs_per_second"), when + ": " + file);
                case "evaluation.tsv" -> assertEquals(measured(whole.resolve(file), "phrases_per_second"),
                        measured(killed.resolve(file), "phrases_per_second"), when + ": " + file);
                default -> assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(killed.resolve(file)),
                        when + ": " + file);
            }
        }
        assertEquals(List.of("killed", "whole"), names(runs), "no staged or checkpoint folder left beside the outputs ("
                + when + ")");
    }

    /** A table's lines with the cells of {@code column}, a measured speed, each checked to be one and then masked. */
    private static List<String> measured(Path table, String column) throws IOException {
        List<String> lines = Files.readAllLines(table);
        int index = List.of(lines.getFirst().split("\t")).indexOf(column);
        assertTrue(index >= 0, table + " has " + column);
        List<String> masked = new ArrayList<>(List.of(lines.getFirst()));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            double speed = Double.parseDouble(cells[index]);
            assertTrue(speed > 0 && Double.isFinite(speed), table + ": " + line);
            cells[index] = "measured";
            masked.add(String.join("\t", cells));
        }
        return masked;
    }

    /** The names in a folder, hidden ones included, sorted. */
    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> listed = Files.list(folder)) {
            return listed.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void resumingWithoutACheckpointExitsWithTwo() {
        Path out = directory.resolve("none");
        List<String> again = new ArrayList<>(arguments(out));
        again.add("--resume");
        CliContractTest.Result result = CliContractTest.run(again.toArray(String[]::new));
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().contains("no checkpoint to resume from"), result.err());
    }

    private static List<String> steps(Path out) throws IOException {
        return Files.readAllLines(out.resolve("training-log.tsv")).stream().map(line -> line.split("\t")[0]).toList();
    }

    private static Process start(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                DuetCommand.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
