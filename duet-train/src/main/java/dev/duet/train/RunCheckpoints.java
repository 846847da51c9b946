/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.tensor.Parallel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one training run, in a folder of their own: {@code step-N/} holds the trainer
 * ({@link DualEncoderTrainer#save}), the run's arguments and its log and evaluation tables so far;
 * {@code latest} names the newest complete one and is written after it, so a run killed at any
 * moment resumes from a whole checkpoint. Older step folders are removed once a newer one is
 * named, and the whole folder when the run finishes.
 */
public final class RunCheckpoints {

    static final String LATEST = "latest";
    static final String ARGUMENTS = "arguments.txt";
    private static final Pattern STEP_FOLDER = Pattern.compile("step-[0-9]{1,19}");

    /** What a resumed run continues from. */
    public record Saved(DualEncoderTrainer trainer, List<TrainingLogRow> log, List<EvaluationRow> evaluations) {
    }

    private RunCheckpoints() {
    }

    /**
     * Saves the run at the trainer's step; {@code arguments} identify the run (resuming with others is refused),
     * {@code groups} are what the evaluations score apart ({@link TrainingData#groups()}).
     */
    public static void save(Path folder, DualEncoderTrainer trainer, String arguments, List<TrainingLogRow> log,
                            Collection<String> groups, List<EvaluationRow> evaluations) throws IOException {
        String name = "step-" + trainer.step();
        Path step = folder.resolve(name);
        Files.createDirectories(step);
        trainer.save(step);
        AtomicFiles.write(step.resolve(ARGUMENTS), arguments.getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(step.resolve(TrainingTables.LOG_FILE), TrainingTables.logFile(log));
        AtomicFiles.write(step.resolve(TrainingTables.EVALUATION_FILE), TrainingTables.evaluationFile(groups, evaluations));
        AtomicFiles.write(folder.resolve(LATEST), name.getBytes(StandardCharsets.UTF_8));
        for (Path older : stepFolders(folder)) {
            if (!older.getFileName().toString().equals(name)) {
                AtomicFiles.deleteTree(older);
            }
        }
    }

    /** The newest checkpoint in {@code folder}, whose run must have been started with the same arguments. */
    public static Saved latest(Path folder, String arguments, TrainingOptions options, Parallel parallel) {
        Path pointer = folder.resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            throw new BadInputException(pointer, "no checkpoint to resume from (was the run started with --checkpoint-every?)");
        }
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            if (!STEP_FOLDER.matcher(name).matches()) {
                throw new BadInputException(pointer, "does not name a checkpoint folder: '" + name + "'");
            }
            Path step = folder.resolve(name);
            String saved = Files.readString(step.resolve(ARGUMENTS), StandardCharsets.UTF_8);
            if (!saved.equals(arguments)) {
                throw new BadInputException(step.resolve(ARGUMENTS), "the run was started with other arguments ("
                        + saved.replace('\n', ' ') + "); resume with the same ones");
            }
            DualEncoderTrainer trainer = DualEncoderTrainer.resume(step, options, parallel);
            return new Saved(trainer, new ArrayList<>(TrainingTables.readLog(step.resolve(TrainingTables.LOG_FILE))),
                    new ArrayList<>(TrainingTables.readEvaluations(step.resolve(TrainingTables.EVALUATION_FILE))));
        } catch (IOException e) {
            throw new BadInputException(pointer, "cannot read the checkpoint: " + e.getMessage());
        }
    }

    /** Removes the checkpoints of a finished run. */
    public static void discard(Path folder) throws IOException {
        AtomicFiles.deleteTree(folder);
    }

    private static List<Path> stepFolders(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(child -> STEP_FOLDER.matcher(child.getFileName().toString()).matches()).toList();
        }
    }
}
