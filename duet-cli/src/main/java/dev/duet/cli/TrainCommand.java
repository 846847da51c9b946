package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.Version;
import dev.duet.eval.GroundingEvaluator;
import dev.duet.eval.GroundingReport;
import dev.duet.eval.PhraseScore;
import dev.duet.explain.ExplainOptions;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipConfig;
import dev.duet.model.ClipModel;
import dev.duet.model.HuggingFaceWriter;
import dev.duet.model.safetensors.DType;
import dev.duet.report.TrainingCurves;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.tokenizer.TruncatedVocabulary;
import dev.duet.train.ClipInitializer;
import dev.duet.train.ClipParameters;
import dev.duet.train.ClipTrainer;
import dev.duet.train.GroundingLoss;
import dev.duet.train.LearningRateSchedule;
import dev.duet.train.ModelSpec;
import dev.duet.train.RunCheckpoints;
import dev.duet.train.StepReport;
import dev.duet.train.TrainingOptions;
import dev.duet.train.WorldBatches;
import dev.duet.world.SceneGenerator;
import dev.duet.world.WorldSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Trains a small CLIP on the synthetic grounded world, from scratch or from a model ({@code --init}),
 * evaluating retrieval and grounding on held-out scenes as it goes. Writes a loadable checkpoint
 * directory (HF layout, tokenizer, preprocessing), the training log and the evaluation table.
 */
@Command(name = "train", aliases = "finetune", description = "Train (or fine-tune) a small CLIP on the synthetic grounded world and track grounding.")
final class TrainCommand implements Callable<Integer> {

    /** Held-out scenes come from a seed training never draws from. */
    static final long HELD_OUT_SEED = 987_654_321L;

    /** AdamW moves each weight by about the rate per step; Duet's weights are of order 0.02..1, so past 1 it only diverges. */
    static final double MAX_LEARNING_RATE = 1;

    /** CLIP's vocab.json is 1.6 MB and merges.txt 0.5 MB. */
    static final long MAX_TOKENIZER_FILE_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the trained model goes")
    Path out;

    @Option(names = "--init", paramLabel = "DIR", description = "fine-tune this model instead of starting from random weights")
    Path init;

    @Option(names = "--tokenizer-from", paramLabel = "DIR", description = "CLIP's vocab.json and merges.txt (from scratch only)")
    Path tokenizerFrom;

    @Option(names = "--merges", defaultValue = "8192", description = "BPE merges kept from CLIP's list (default: ${DEFAULT-VALUE})")
    int merges;

    @Option(names = "--world", defaultValue = "standard",
            description = WorldChoice.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
    WorldChoice world;

    @Option(names = "--steps", defaultValue = "3000") long steps;
    @Option(names = "--batch", defaultValue = "64") int batch;
    @Option(names = "--negatives", defaultValue = "16", description = "hard negatives per batch") int negatives;
    @Option(names = "--lr", defaultValue = "5e-4") double learningRate;
    @Option(names = "--warmup", defaultValue = "200") int warmup;
    @Option(names = "--pull", defaultValue = "0", description = "L2 pull towards the initial weights") double pull;
    @Option(names = "--grounding-weight", paramLabel = "W", description = "weight of the phrase-patch grounding loss, "
            + "which pulls each caption phrase towards the patches of the objects it names (0: off) (default: ${DEFAULT-VALUE})")
    double groundingWeight;
    @Option(names = "--grounding-temperature", paramLabel = "T",
            description = "scale of the phrase-patch cosines in the grounding loss (default: ${DEFAULT-VALUE})")
    double groundingTemperature = GroundingLoss.DEFAULT_TEMPERATURE;
    @Option(names = "--seed", defaultValue = "1") long seed;
    @Option(names = "--eval-every", defaultValue = "0", description = "evaluate every N steps (0: at the end only)") long evalEvery;
    @Option(names = "--eval-scenes", defaultValue = "200") int evalScenes;
    @Option(names = "--eval-text-layer", paramLabel = "L",
            description = "text layer of the explanations whose grounding is evaluated (default: the last block, as explain)")
    Integer evalTextLayer;
    @Option(names = "--eval-image-layer", paramLabel = "L",
            description = "image layer of the explanations whose grounding is evaluated (default: the last block)")
    Integer evalImageLayer;
    @Option(names = "--keep-best", description = "write the evaluated weights with the best held-out grounding, not the last")
    boolean keepBest;
    @Option(names = "--threads", paramLabel = "N") Integer threads;
    @Option(names = "--width", defaultValue = "128", description = "from scratch: width of both towers and the "
            + "projection, a multiple of 32 (heads of 32 channels) (default: ${DEFAULT-VALUE})") int width;
    @Option(names = "--text-layers", defaultValue = "4", description = "from scratch: text blocks (default: ${DEFAULT-VALUE})")
    int textLayers;
    @Option(names = "--vision-layers", defaultValue = "4", description = "from scratch: vision blocks (default: ${DEFAULT-VALUE})")
    int visionLayers;
    @Option(names = "--image-size", defaultValue = "64", description = "from scratch: image side in pixels (default: ${DEFAULT-VALUE})")
    int imageSize;
    @Option(names = "--patch-size", defaultValue = "8", description = "from scratch: patch side in pixels (default: ${DEFAULT-VALUE})")
    int patchSize;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N", description = "save a resumable "
            + "checkpoint every N steps in .DIR.checkpoints beside --out DIR, removed when the run finishes (0: never) "
            + "(default: ${DEFAULT-VALUE})")
    long checkpointEvery;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint; the other arguments "
            + "must be the ones it was started with, and it ends as the uninterrupted run would have")
    boolean resume;

    @Override
    public Integer call() {
        checkSettings();
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException(out, "cannot write: folder " + parent + " does not exist");
        }
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new BadInputException(out, "exists and is not a folder");
        }
        if (init != null && JsonOutput.sameFile(init, out)) {
            throw new BadInputException(out, "is also --init: fine-tuning would overwrite the model it starts from; "
                    + "give a new folder to --out");
        }
        // everything is written into a hidden sibling first and moved into place at the end, so that a failed
        // run leaves no half-written model behind
        Path staging;
        try {
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".duet-");
        } catch (IOException e) {
            throw new BadInputException(out, "cannot write: " + AtomicFiles.reason(e), e);
        }
        try {
            Path checkpoints = checkpointFolder(target);
            train(staging, checkpoints);
            publish(staging, target);
            RunCheckpoints.discard(checkpoints);
        } catch (IOException e) {
            throw new BadInputException(out, "cannot write: " + AtomicFiles.reason(e), e);
        } finally {
            deleteTree(staging);
        }
        return 0;
    }

    /** Every numeric option's range, checked before anything is read or written. */
    private void checkSettings() {
        if (steps < 1 || batch < 2 || batch > 4096 || evalScenes < 2 || checkpointEvery < 0) {
            throw new BadInputException(null, "--steps must be >= 1, --batch in 2..4096, --eval-scenes >= 2, "
                    + "--checkpoint-every >= 0");
        }
        if (resume && keepBest) {
            throw new BadInputException(null, "--resume does not keep the best weights of the steps before the checkpoint: "
                    + "leave out --keep-best or start again");
        }
        if (!(learningRate > 0 && learningRate <= MAX_LEARNING_RATE)) {
            throw new BadInputException(null, "--lr must be in (0, " + MAX_LEARNING_RATE + "], got " + learningRate);
        }
        if (warmup < 0 || negatives < 0 || evalEvery < 0 || merges < 1) {
            throw new BadInputException(null, "--warmup, --negatives and --eval-every must be >= 0 and --merges >= 1");
        }
        if (!(pull >= 0 && Double.isFinite(pull))) {
            throw new BadInputException(null, "--pull must be finite and >= 0, got " + pull);
        }
        if (!(groundingWeight >= 0 && Double.isFinite(groundingWeight))) {
            throw new BadInputException(null, "--grounding-weight must be finite and >= 0, got " + groundingWeight);
        }
        if (!(groundingTemperature > 0 && Double.isFinite(groundingTemperature))) {
            throw new BadInputException(null, "--grounding-temperature must be finite and > 0, got " + groundingTemperature);
        }
        if (threads != null && (threads < 1 || threads > 256)) {
            throw new BadInputException(null, "--threads must be in 1..256, got " + threads);
        }
    }

    /** Where a run's checkpoints go: a hidden sibling of the output folder, found again by --resume. */
    static Path checkpointFolder(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".checkpoints");
    }

    private void train(Path out, Path checkpoints) throws IOException {
        ClipParameters parameters = initialParameters(out);
        ClipConfig config = parameters.config();
        writePreprocessing(out, config.vision().imageSize());
        ClipTokenizer tokenizer = ClipTokenizer.load(out, config.text().contextLength());
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessorConfig.load(out.resolve("preprocessor_config.json")));
        WorldSpec spec = world.spec(config.vision().imageSize());
        SceneGenerator generator = new SceneGenerator(spec);
        TrainingOptions options = TrainingOptions.defaults(
                LearningRateSchedule.warmupThenDecay(learningRate, warmup, steps, 0.1), seed).withPullToInitial(pull)
                .withGroundingWeight(groundingWeight).withGroundingTemperature(groundingTemperature);
        PrintWriter err = spec().commandLine().getErr();
        List<String> log = new ArrayList<>(List.of(
                "step\tloss\tlearning_rate\tgradient_norm\tlogit_scale\timage_to_text\ttext_to_image\thard_negative\tpairs_per_second"
                        + "\tgrounding_loss"));
        List<String> evaluations = new ArrayList<>(List.of(
                "step\ttext_to_image\timage_to_text\thard_negative\tgrounding\tgrounding_chance\tphrases\tnew_concept_grounding\tnew_concept_phrases"
                        + "\tknown_concept_grounding" + world.newConcepts().stream().sorted().map(word -> "\tgrounding_" + word)
                        .collect(Collectors.joining())));
        GroundingEvaluator evaluator = new GroundingEvaluator(generator, HELD_OUT_SEED, evalScenes,
                ExplainOptions.defaults().withLayers(evalTextLayer, evalImageLayer),
                world.newConcepts());
        long started = System.nanoTime();
        try (Parallel parallel = threads == null ? Parallel.allCores() : Parallel.of(threads)) {
            WorldBatches batches = new WorldBatches(generator, seed, tokenizer, preprocessor, config.vision(), batch,
                    negatives);
            Evaluation evaluation = new Evaluation(evaluator, tokenizer, preprocessor, parallel, err, world.newConcepts());
            String arguments = arguments();
            ClipTrainer trainer;
            Kept kept;
            if (resume) {
                RunCheckpoints.Saved saved = RunCheckpoints.latest(checkpoints, arguments, options, parallel);
                trainer = saved.trainer();
                log = saved.log();
                evaluations = saved.evaluations();
                kept = new Kept(trainer.parameters(), trainer.step(), Double.NEGATIVE_INFINITY);
                err.printf(Locale.ROOT, "resuming at step %d%n", trainer.step());
            } else {
                trainer = ClipTrainer.start(parameters, options, parallel);
                kept = new Kept(trainer.parameters().copy(), 0, Double.NEGATIVE_INFINITY);
                kept = kept.update(trainer, evaluations, evaluation.run(0, trainer));
            }
            while (trainer.step() < steps) {
                StepReport report = trainer.step(batches);
                if (!Double.isFinite(report.loss())) {
                    throw new BadInputException(null, "training diverged: the loss is " + report.loss() + " at step "
                            + report.step() + " (lower --lr, now " + learningRate + "); nothing was written");
                }
                // loss is contrastive plus grounding; grounding_loss is last so that earlier columns keep their places
                log.add(String.format(Locale.ROOT, "%d\t%.5f\t%.3e\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.1f\t%.5f", report.step(),
                        report.loss(), report.learningRate(), report.gradientNorm(), report.logitScale(),
                        report.imageToTextAccuracy(), report.textToImageAccuracy(), report.hardNegativeAccuracy(),
                        report.pairsPerSecond(), report.groundingLoss()));
                if (report.step() % 10 == 0 || report.step() == steps) {
                    String grounding = groundingWeight > 0
                            ? String.format(Locale.ROOT, " (grounding %.4f)", report.groundingLoss()) : "";
                    err.printf(Locale.ROOT, "\rstep %d/%d  loss %.4f%s  acc %.2f  %.0f pairs/s  %.0f s ", report.step(),
                            steps, report.loss(), grounding, report.imageToTextAccuracy(), report.pairsPerSecond(),
                            (System.nanoTime() - started) / 1e9);
                    err.flush();
                }
                if ((evalEvery > 0 && report.step() % evalEvery == 0) || report.step() == steps) {
                    err.println();
                    kept = kept.update(trainer, evaluations, evaluation.run(report.step(), trainer));
                }
                if (checkpointEvery > 0 && report.step() % checkpointEvery == 0 && report.step() < steps) {
                    RunCheckpoints.save(checkpoints, trainer, arguments, log, evaluations);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            ClipParameters written = keepBest ? kept.parameters() : trainer.parameters();
            long writtenStep = keepBest ? kept.step() : trainer.step();
            HuggingFaceWriter.write(out, config, written.weights(), DType.F32, Map.of(
                    "duet_version", Version.VALUE, "seed", Long.toString(seed), "steps", Long.toString(steps),
                    "world", world.name(), "init", init == null ? "random" : init.toString(),
                    "weights_of_step", Long.toString(writtenStep), "grounding_weight", Double.toString(groundingWeight),
                    "grounding_temperature", Double.toString(groundingTemperature)));
            AtomicFiles.write(out.resolve("training-log.tsv"), (String.join("\n", log) + "\n").getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(out.resolve("evaluation.tsv"), (String.join("\n", evaluations) + "\n").getBytes(StandardCharsets.UTF_8));
            writeCurves(out.resolve("training-curves.png"), log, evaluations);
            spec().commandLine().getOut().printf(Locale.ROOT, "trained %d steps of %d pairs in %.0f s; wrote %s%n",
                    steps, batch, seconds, this.out);
        }
    }

    /** Moves the staged files into the output folder: the folder itself when it is new, else file by file. */
    private static void publish(Path staging, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(staging)) {
            files = listed.toList();
        }
        for (Path file : files) {
            Path destination = target.resolve(file.getFileName().toString());
            if (Files.exists(destination) && !Files.isRegularFile(destination)) {
                throw new BadInputException(destination, "exists and is not a regular file; Duet replaces only regular files");
            }
        }
        for (Path file : files) {
            Files.move(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void deleteTree(Path root) {
        try {
            AtomicFiles.deleteTree(root);
        } catch (IOException e) {
            throw new BadInputException(root, "cannot remove the unfinished output: " + AtomicFiles.reason(e), e);
        }
    }

    private CommandSpec spec() {
        return spec;
    }

    /** The options this run was given, but --resume, one "name=value" a line in a fixed order: what identifies a run. */
    private String arguments() {
        List<String> given = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!option.longestName().equals("--resume")) {
                given.add(option.longestName() + "=" + option.getValue());
            }
        }
        given.sort(null);
        return String.join("\n", given) + "\n";
    }

    private ClipParameters initialParameters(Path out) throws IOException {
        if (init != null) {
            ClipCheckpoint checkpoint = ClipCheckpoint.load(init);
            for (String name : List.of("vocab.json", "merges.txt")) {
                Path source = init.resolve(name);
                InputFiles.checkedSize(source, MAX_TOKENIZER_FILE_BYTES);
                AtomicFiles.write(out.resolve(name), Files.readAllBytes(source));
            }
            return ClipParameters.copyOf(checkpoint.config(), checkpoint.weights());
        }
        if (tokenizerFrom == null) {
            throw new BadInputException(null, "training from scratch needs --tokenizer-from DIR (CLIP's vocab.json and merges.txt)");
        }
        int vocabulary = TruncatedVocabulary.write(tokenizerFrom, out, merges);
        ModelSpec model;
        try {
            model = ModelSpec.small(vocabulary, vocabulary - 2, vocabulary - 1)
                    .withShape(width, textLayers, visionLayers, imageSize, patchSize);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(null, "bad model shape: " + e.getMessage());
        }
        return ClipInitializer.initialize(model.toConfig(), seed);
    }

    /** The evaluated weights with the best held-out grounding so far (for --keep-best). */
    private record Kept(ClipParameters parameters, long step, double grounding) {
        Kept update(ClipTrainer trainer, List<String> table, Scored scored) {
            table.add(scored.row());
            double grounding = scored.report().grounding();
            return grounding > this.grounding ? new Kept(trainer.parameters().copy(), trainer.step(), grounding) : this;
        }
    }

    /** A held-out evaluation and its row of evaluation.tsv. */
    private record Scored(GroundingReport report, String row) {
    }

    /** Evaluates the weights being trained, as the runtime would load them. */
    private record Evaluation(GroundingEvaluator evaluator, ClipTokenizer tokenizer, ImagePreprocessor preprocessor,
                              Parallel parallel, PrintWriter err, Set<String> newConcepts) {
        Scored run(long step, ClipTrainer trainer) {
            ClipCheckpoint checkpoint = new ClipCheckpoint(Path.of("in-training"), trainer.parameters().config(),
                    trainer.parameters().weights(), "in-memory");
            GroundingReport report = evaluator.evaluate(ClipModel.of(checkpoint, tokenizer, preprocessor), parallel);
            err.printf(Locale.ROOT, "step %d: retrieval text->image %.3f, image->text %.3f, hard negatives %.3f, "
                            + "grounding %.3f (chance %.3f, %d phrases; new concepts %.3f of %d)%n", step, report.textToImage(),
                    report.imageToText(), report.hardNegative(), report.grounding(), report.groundingChance(), report.mentions(),
                    report.focusGrounding(), report.focusMentions());
            err.flush();
            // phrases without a new concept's word: what the model knew before; then each new concept's own word
            StringBuilder perConcept = new StringBuilder(String.format(Locale.ROOT, "\t%.4f",
                    hitShare(report, score -> score.focusWord() == null, PhraseScore::hit)));
            for (String word : newConcepts.stream().sorted().toList()) {
                perConcept.append(String.format(Locale.ROOT, "\t%.4f",
                        hitShare(report, score -> word.equals(score.focusWord()), PhraseScore::focusHit)));
            }
            return new Scored(report, String.format(Locale.ROOT, "%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.4f\t%d", step,
                    report.textToImage(), report.imageToText(), report.hardNegative(), report.grounding(),
                    report.groundingChance(), report.mentions(), report.focusGrounding(), report.focusMentions()) + perConcept);
        }

        /** The share of the selected phrases that hit; NaN when none is selected. */
        private static double hitShare(GroundingReport report, Predicate<PhraseScore> selected, Predicate<PhraseScore> hit) {
            List<PhraseScore> chosen = report.phrases().stream().filter(selected).toList();
            return chosen.isEmpty() ? Double.NaN : chosen.stream().filter(hit).count() / (double) chosen.size();
        }
    }

    /** Loss from the log, held-out scores from the evaluation table, as one PNG. */
    private void writeCurves(Path file, List<String> log, List<String> evaluations) {
        double[][] loss = columns(log, 0, 1);
        double[][] scores = columns(evaluations, 0, 1, 4, 5, 7, 9);
        List<TrainingCurves.Series> series = new ArrayList<>(List.of(
                new TrainingCurves.Series("retrieval text->image", new java.awt.Color(0, 114, 178), false, scores[0], scores[1]),
                new TrainingCurves.Series("grounding", new java.awt.Color(213, 94, 0), false, scores[0], scores[2]),
                new TrainingCurves.Series("grounding chance", new java.awt.Color(120, 120, 120), true, scores[0], scores[3])));
        if (!world.newConcepts().isEmpty()) {
            series.add(new TrainingCurves.Series("grounding of new concepts (cyan, diamond, hexagon)", new java.awt.Color(0, 158, 115),
                    false, scores[0], scores[4]));
            series.add(new TrainingCurves.Series("grounding of phrases without a new concept", new java.awt.Color(204, 121, 167),
                    false, scores[0], scores[5]));
            List<String> concepts = world.newConcepts().stream().sorted().toList();
            java.awt.Color[] palette = {new java.awt.Color(86, 180, 233), new java.awt.Color(230, 159, 0),
                    new java.awt.Color(240, 228, 66)};
            for (int c = 0; c < concepts.size(); c++) {
                double[] concept = columns(evaluations, 10 + c)[0];
                series.add(new TrainingCurves.Series("\"" + concepts.get(c) + "\" (its own word's map)",
                        palette[c % palette.length], false, scores[0], concept));
            }
        }
        String title = (init == null ? "training from scratch" : "fine-tuning " + init.getFileName()) + " on the "
                + world + " world";
        TrainingCurves.render(title, new TrainingCurves.Series("loss", new java.awt.Color(80, 80, 80), false, loss[0], loss[1]),
                series).writePng(file);
    }

    /** Selected columns of a TSV with a header line, as doubles ("NaN" allowed). */
    private static double[][] columns(List<String> table, int... indices) {
        double[][] columns = new double[indices.length][table.size() - 1];
        for (int row = 1; row < table.size(); row++) {
            String[] cells = table.get(row).split("\t");
            for (int c = 0; c < indices.length; c++) {
                columns[c][row - 1] = Double.parseDouble(cells[indices[c]]);
            }
        }
        return columns;
    }

    static void writePreprocessing(Path directory, int size) throws IOException {
        ObjectNode root = JsonOutput.mapper().createObjectNode();
        root.put("image_processor_type", "CLIPImageProcessor");
        root.put("do_resize", true);
        root.putObject("size").put("shortest_edge", size);
        root.put("resample", 3);
        root.put("do_center_crop", true);
        root.putObject("crop_size").put("height", size).put("width", size);
        root.put("do_rescale", true);
        root.put("rescale_factor", 1 / 255.0);
        root.put("do_normalize", true);
        root.putArray("image_mean").add(0.48145466).add(0.4578275).add(0.40821073);
        root.putArray("image_std").add(0.26862954).add(0.26130258).add(0.27577711);
        root.put("do_convert_rgb", true);
        AtomicFiles.write(directory.resolve("preprocessor_config.json"),
                JsonOutput.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
