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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training run killed after a checkpoint and resumed ends exactly as the uninterrupted run. */
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
