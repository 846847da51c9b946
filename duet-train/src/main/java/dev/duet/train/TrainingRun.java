/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.Version;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipModel;
import dev.duet.model.DualEncoder;
import dev.duet.model.SiglipModel;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.tokenizer.SentencePieceTokenizer;
import dev.duet.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of either family into a model folder: the preprocessing file (the family's
 * defaults at the model's image size unless {@link TrainingStart} put the fine-tuned model's own
 * there), the training loop with its held-out evaluations (at step 0, every {@code evalEvery}
 * steps and at the end), keep-best, periodic checkpoints and resume ({@link RunCheckpoints}),
 * then the weights (the family's layout: CLIP's or SigLIP's in transformers' naming) and the two
 * tables ({@link TrainingTables}). The folder must already hold the tokenizer files; the command
 * line chooses the folder and draws the curves from the returned rows.
 */
public final class TrainingRun {

    /** The learning rate's decay over the run: the last step trains at a tenth of the peak. */
    private static final double FINAL_LEARNING_RATE_FRACTION = 0.1;

    /**
     * The settings of a run.
     *
     * @param evalEvery     evaluate every N steps (0: at step 0 and the end only)
     * @param evalScenes    the held-out scenes of a world's evaluations
     * @param evalTextLayer the text layer of the explanations whose grounding is evaluated (null: the last block)
     * @param keepBest      write the evaluated weights with the best held-out grounding instead of the last ones
     * @param checkpointEvery save a resumable checkpoint every N steps (0: never)
     */
    public record Settings(long steps, int batch, int negatives, double learningRate, int warmup, double pull,
                           double groundingWeight, double groundingTemperature, long seed, long evalEvery,
                           int evalScenes, Integer evalTextLayer, Integer evalImageLayer, boolean keepBest,
                           long checkpointEvery) {
    }

    /**
     * What a finished run did.
     *
     * @param weightsOfStep the step whose weights were written (the last, or with keep-best the best evaluated)
     * @param seconds       wall time of the loop, evaluations included
     * @param log           the log's rows as its table holds them (numbers rounded as written)
     * @param evaluations   the evaluations' rows as their table holds them
     */
    public record Result(long weightsOfStep, double seconds, List<TrainingLogRow> log, List<EvaluationRow> evaluations) {
        public Result {
            log = List.copyOf(log);
            evaluations = List.copyOf(evaluations);
        }
    }

    /**
     * Where a run keeps its checkpoints and what identifies it.
     *
     * @param arguments the run's options, fixed order: resuming with other ones is refused
     * @param resume    continue from the folder's latest checkpoint instead of starting
     */
    public record Checkpoints(Path folder, String arguments, boolean resume) {
    }

    /** How the step lines (step, loss, in-batch accuracy, pairs/s, seconds so far) reach the console. */
    public enum StepLines {
        /** For a terminal: one line, redrawn in place (carriage return) every 10 steps. */
        REDRAWN(10),
        /** For a log or a pipe: a line of its own every 100 steps. */
        APPENDED(100);

        private final int every;

        StepLines(int every) {
            this.every = every;
        }
    }

    private final Settings settings;
    private final TrainingData data;
    private final Parallel parallel;
    private final PrintWriter progress;
    private final StepLines stepLines;

    /** {@code progress} gets the step lines as {@code stepLines} says and a line per evaluation. */
    public TrainingRun(Settings settings, TrainingData data, Parallel parallel, PrintWriter progress,
                       StepLines stepLines) {
        this.settings = settings;
        this.data = data;
        this.parallel = parallel;
        this.progress = progress;
        this.stepLines = stepLines;
    }

    /**
     * Trains {@code initial} into {@code out} (which holds the tokenizer files: CLIP's {@code vocab.json}
     * and {@code merges.txt}, SigLIP's {@code spiece.model}); {@code initialWeights} names where they came
     * from in the weights' metadata ({@code random} or a folder).
     */
    public Result run(Path out, ModelParameters initial, String initialWeights, Checkpoints checkpoints)
            throws IOException {
        Path preprocessing = out.resolve(TrainingStart.PREPROCESSOR_FILE);
        int imageSize = initial.visionEncoder().config().imageSize();
        if (!Files.exists(preprocessing)) {
            AtomicFiles.write(preprocessing, switch (initial) {
                case ClipParameters clip -> PreprocessorConfig.clipDefaultsFile(imageSize);
                case SiglipParameters siglip -> PreprocessorConfig.siglipDefaultsFile(imageSize);
            });
        }
        Tokenizer tokenizer = switch (initial) {
            case ClipParameters clip -> ClipTokenizer.load(out, clip.config().text().contextLength());
            case SiglipParameters siglip -> SiglipModel.tokenizer(out, siglip.config());
        };
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessorConfig.load(preprocessing));
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.warmupThenDecay(settings.learningRate(),
                        settings.warmup(), settings.steps(), FINAL_LEARNING_RATE_FRACTION), settings.seed())
                .withPullToInitial(settings.pull()).withGroundingWeight(settings.groundingWeight())
                .withGroundingTemperature(settings.groundingTemperature());
        long started = System.nanoTime();
        BatchSource batches = data.batches(tokenizer, preprocessor, initial.visionEncoder().config(), settings);
        Evaluation evaluation = new Evaluation(data.heldOut(settings), tokenizer, preprocessor);
        List<TrainingLogRow> log = new ArrayList<>();
        List<EvaluationRow> evaluations = new ArrayList<>();
        DualEncoderTrainer trainer;
        Kept kept;
        if (checkpoints.resume()) {
            RunCheckpoints.Saved saved = RunCheckpoints.latest(checkpoints.folder(), checkpoints.arguments(), options,
                    parallel);
            trainer = saved.trainer();
            log.addAll(saved.log());
            evaluations.addAll(saved.evaluations());
            kept = new Kept(trainer.parameters(), trainer.step(), Double.NEGATIVE_INFINITY);
            progress.printf(Locale.ROOT, "resuming at step %d%n", trainer.step());
        } else {
            trainer = DualEncoderTrainer.start(initial, options, parallel);
            kept = new Kept(trainer.parameters().copy(), 0, Double.NEGATIVE_INFINITY);
            kept = kept.update(trainer, evaluations, evaluation.run(0, trainer));
        }
        long steps = settings.steps();
        while (trainer.step() < steps) {
            StepReport report = trainer.step(batches);
            if (!Double.isFinite(report.loss())) {
                throw new BadInputException(null, "training diverged: the loss is " + report.loss() + " at step "
                        + report.step() + " (lower --lr, now " + settings.learningRate() + "); nothing was written");
            }
            log.add(TrainingLogRow.of(report));
            if (report.step() % stepLines.every == 0 || report.step() == steps) {
                String grounding = settings.groundingWeight() > 0
                        ? String.format(Locale.ROOT, " (grounding %.4f)", report.groundingLoss()) : "";
                String line = String.format(Locale.ROOT, "step %d/%d  loss %.4f%s  acc %.2f  %.0f pairs/s  %.0f s",
                        report.step(), steps, report.loss(), grounding, report.imageToTextAccuracy(),
                        report.pairsPerSecond(), (System.nanoTime() - started) / 1e9);
                // spaces after a redrawn line clear what a longer line before it left (pairs/s may lose a digit)
                progress.print(stepLines == StepLines.REDRAWN ? "\r" + line + "   " : line + System.lineSeparator());
                progress.flush();
            }
            if ((settings.evalEvery() > 0 && report.step() % settings.evalEvery() == 0) || report.step() == steps) {
                if (stepLines == StepLines.REDRAWN) {
                    progress.println();   // ends the redrawn line before the evaluation's
                }
                kept = kept.update(trainer, evaluations, evaluation.run(report.step(), trainer));
            }
            if (settings.checkpointEvery() > 0 && report.step() % settings.checkpointEvery() == 0 && report.step() < steps) {
                RunCheckpoints.save(checkpoints.folder(), trainer, checkpoints.arguments(), log, data.groups(),
                        evaluations);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelParameters written = settings.keepBest() ? kept.parameters() : trainer.parameters();
        long writtenStep = settings.keepBest() ? kept.step() : trainer.step();
        written.write(out, provenance(initialWeights, writtenStep));
        AtomicFiles.write(out.resolve(TrainingTables.LOG_FILE), TrainingTables.logFile(log));
        AtomicFiles.write(out.resolve(TrainingTables.EVALUATION_FILE),
                TrainingTables.evaluationFile(data.groups(), evaluations));
        // the rows as the tables hold them: a resumed run's earlier rows come from its checkpoint's
        // tables, rounded as written, so only these let it draw the same curves as an uninterrupted run
        return new Result(writtenStep, seconds, TrainingTables.readLog(out.resolve(TrainingTables.LOG_FILE)),
                TrainingTables.readEvaluations(out.resolve(TrainingTables.EVALUATION_FILE)));
    }

    /** The weights' metadata, in a fixed order so that the same run writes the same bytes. */
    private Map<String, String> provenance(String initialWeights, long writtenStep) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("duet_version", Version.VALUE);
        metadata.put("seed", Long.toString(settings.seed()));
        metadata.put("steps", Long.toString(settings.steps()));
        data.describe(metadata);
        metadata.put("init", initialWeights);
        metadata.put("weights_of_step", Long.toString(writtenStep));
        metadata.put("grounding_weight", Double.toString(settings.groundingWeight()));
        metadata.put("grounding_temperature", Double.toString(settings.groundingTemperature()));
        return metadata;
    }

    /** The evaluated weights with the best held-out grounding so far (for keep-best). */
    private record Kept(ModelParameters parameters, long step, double grounding) {
        Kept update(DualEncoderTrainer trainer, List<EvaluationRow> table, EvaluationRow scored) {
            table.add(scored);
            return scored.grounding() > this.grounding
                    ? new Kept(trainer.parameters().copy(), trainer.step(), scored.grounding()) : this;
        }
    }

    /** Evaluates the weights being trained, as the runtime would load them. */
    private final class Evaluation {
        private final TrainingData.HeldOut heldOut;
        private final Tokenizer tokenizer;
        private final ImagePreprocessor preprocessor;

        Evaluation(TrainingData.HeldOut heldOut, Tokenizer tokenizer, ImagePreprocessor preprocessor) {
            this.heldOut = heldOut;
            this.tokenizer = tokenizer;
            this.preprocessor = preprocessor;
        }

        EvaluationRow run(long step, DualEncoderTrainer trainer) {
            Path name = Path.of("in-training");
            DualEncoder model = switch (trainer.parameters()) {
                case ClipParameters clip -> ClipModel.of(new ClipCheckpoint(name, clip.config(), clip.weights(),
                        "in-memory"), (ClipTokenizer) tokenizer, preprocessor);
                case SiglipParameters siglip -> new SiglipModel(name, siglip.towers(), (SentencePieceTokenizer) tokenizer,
                        preprocessor);
            };
            return heldOut.evaluate(step, model, parallel, progress);
        }
    }
}
