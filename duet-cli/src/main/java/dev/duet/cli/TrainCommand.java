/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.DatasetKind;
import dev.duet.data.DatasetSplit;
import dev.duet.data.GroundingDataset;
import dev.duet.data.GroundingReaders;
import dev.duet.data.RecordProblems;
import dev.duet.model.ModelFamily;
import dev.duet.tensor.Parallel;
import dev.duet.train.DatasetBatches;
import dev.duet.train.DatasetTraining;
import dev.duet.train.GroundingLoss;
import dev.duet.train.ModelParameters;
import dev.duet.train.RunCheckpoints;
import dev.duet.train.TrainingRun;
import dev.duet.train.TrainingData;
import dev.duet.train.TrainingStart;
import dev.duet.train.WorldTraining;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Trains a small CLIP on the synthetic grounded world, or fine-tunes a CLIP or a SigLIP
 * ({@code --init}; SigLIP with its sigmoid loss) on it or on a grounding data set
 * ({@code --dataset}), evaluating grounding on held-out scenes or images as it goes. Writes a
 * loadable checkpoint directory (the family's layout, tokenizer, preprocessing), the training
 * log, the evaluation table and the curves.
 */
@Command(name = "train", aliases = "finetune", description = "Train a CLIP (or fine-tune a CLIP or SigLIP) on the synthetic "
        + "grounded world or on a grounding data set (COCO 2017, Flickr30k Entities, HNC) and track grounding on held-out data.")
final class TrainCommand implements Callable<Integer> {

    /** AdamW moves each weight by about the rate per step; Duet's weights are of order 0.02..1, so past 1 it only diverges. */
    static final double MAX_LEARNING_RATE = 1;

    @Spec
    CommandSpec spec;

    @Mixin
    ChartOptions charts;

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

    @Option(names = "--dataset", converter = EvalCommand.DatasetConverter.class, paramLabel = "NAME",
            description = "train on this data set's training split instead of a world: coco | flickr30k-entities | hnc; "
                    + "grounding is measured on its val split")
    DatasetKind dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "the data set's folder (with --dataset)")
    Path data;

    @Option(names = "--eval-images", defaultValue = "100", paramLabel = "N", description = "with --dataset: the first N "
            + "val images with a grounded phrase are the held-out part (default: ${DEFAULT-VALUE})")
    int evalImages;

    @Option(names = "--on-bad-record", defaultValue = "skip", description = "with --dataset: skip | fail (default: ${DEFAULT-VALUE})")
    EvalCommand.PolicyName onBadRecord;

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
    @Option(names = "--eval-scenes", defaultValue = "200", description = "held-out scenes of the world (default: ${DEFAULT-VALUE})")
    int evalScenes;
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
            + "must be the ones it was started with, and it ends as the uninterrupted run would have; what a killed run "
            + "had staged (.DIR.duet-N beside --out DIR) is removed")
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
        if (init != null && groundingWeight > 0 && ModelFamily.of(init) == ModelFamily.SIGLIP) {
            throw new BadInputException(init, "a SigLIP checkpoint: --grounding-weight scores patch embeddings through "
                    + "CLIP's projection head, which SigLIP's probe pooling has no counterpart of; leave it at 0");
        }
        if (tokenizerFrom != null) {
            ModelOptions.requireClip(tokenizerFrom, "--tokenizer-from cuts CLIP's byte-level BPE (vocab.json and "
                    + "merges.txt) to --merges; a SentencePiece model cannot be cut so, so a SigLIP is fine-tuned "
                    + "(--init), not trained from scratch");
        }
        // everything is written into a hidden sibling first and moved into place at the end, so that a failed
        // run leaves no half-written model behind; a killed run cannot remove its own, so --resume does
        String stagingPrefix = "." + target.getFileName() + ".duet-";
        Path staging;
        try {
            if (resume) {
                removeStaged(parent, stagingPrefix);
            }
            staging = Files.createTempDirectory(parent, stagingPrefix);
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
        checkDataOptions();
    }

    /** A world or a data set, never both; the options of the one not chosen are refused. */
    private void checkDataOptions() {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (dataset == null) {
            for (String option : List.of("--data", "--eval-images", "--on-bad-record")) {
                if (given.hasMatchedOption(option)) {
                    throw new BadInputException(null, option + " needs --dataset coco|flickr30k-entities|hnc");
                }
            }
            return;
        }
        if (dataset == DatasetKind.SYNTHETIC) {
            throw new BadInputException(null, "--dataset synthetic is not trained on: train on a synthetic world with --world");
        }
        if (data == null) {
            throw new BadInputException(null, "--dataset " + dataset.cliName() + " needs --data DIR, the data set's folder");
        }
        for (String option : List.of("--world", "--eval-scenes")) {
            if (given.hasMatchedOption(option)) {
                throw new BadInputException(null, option + " is for the synthetic world; --dataset trains on "
                        + dataset.cliName() + " (leave out " + option + ")");
            }
        }
        if (evalImages < 1) {
            throw new BadInputException(null, "--eval-images must be >= 1, got " + evalImages);
        }
    }

    /** Where a run's checkpoints go: a hidden sibling of the output folder, found again by --resume. */
    static Path checkpointFolder(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".checkpoints");
    }

    private void train(Path out, Path checkpoints) throws IOException {
        // the data set is read first, so that a folder in the wrong layout is refused before the model is copied
        DatasetTraining fromDataset = dataset == null ? null : datasetTraining();
        ModelParameters parameters = initialParameters(out);
        TrainingData trained = fromDataset != null ? fromDataset : new WorldTraining(world.name(),
                world.spec(parameters.visionEncoder().config().imageSize()), world.newConcepts());
        TrainingRun.Settings settings = new TrainingRun.Settings(steps, batch, negatives, learningRate, warmup, pull,
                groundingWeight, groundingTemperature, seed, evalEvery, evalScenes, evalTextLayer, evalImageLayer, keepBest,
                checkpointEvery);
        try (Parallel parallel = threads == null ? Parallel.allCores() : Parallel.of(threads)) {
            TrainingRun.Result result = new TrainingRun(settings, trained, parallel, spec.commandLine().getErr(),
                    TaskProgress.onTerminal() ? TrainingRun.StepLines.REDRAWN : TrainingRun.StepLines.APPENDED)
                    .run(out, parameters, init == null ? "random" : init.toString(),
                            new TrainingRun.Checkpoints(checkpoints, arguments(), resume));
            String title = (init == null ? "training from scratch" : "fine-tuning " + init.getFileName()) + " on "
                    + (dataset == null ? "the " + world + " world" : dataset.cliName());
            if (dataset == null) {
                TrainingFigure.of(title, result, world.newConcepts()).write(out, TrainingFigure.CURVES, charts.format);
            } else {
                TrainingFigure.of(title, result, Set.of()).write(out, TrainingFigure.CURVES, charts.format);
                TrainingFigure.perClass(title, result, trained.groups()).write(out, TrainingFigure.PER_CLASS, charts.format);
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "trained %d steps of %d pairs in %.0f s; wrote %s%n",
                    steps, batch, result.seconds(), this.out);
        }
    }

    /** The data set's training split and, held out, the first --eval-images of its val split with a grounded phrase. */
    private DatasetTraining datasetTraining() {
        BadRecordPolicy policy = onBadRecord == EvalCommand.PolicyName.fail ? BadRecordPolicy.FAIL : BadRecordPolicy.SKIP;
        RecordProblems trainingProblems = new RecordProblems(policy);
        GroundingDataset training = GroundingReaders.read(dataset, data, DatasetSplit.TRAIN, trainingProblems);
        DatasetBatches.requireBatch(training, batch);
        RecordProblems heldOutProblems = new RecordProblems(policy);
        GroundingDataset validation = GroundingReaders.read(dataset, data, DatasetSplit.VAL, heldOutProblems);
        DatasetTraining read = DatasetTraining.of(dataset, data, training, validation, evalImages);
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "%s: training on %d images of its train split%s; grounding held out on %d images of its val "
                        + "split%s%n", dataset.cliName(), training.images().size(), skipped(trainingProblems),
                read.heldOut().images().size(), skipped(heldOutProblems));
        err.flush();
        return read;
    }

    private static String skipped(RecordProblems problems) {
        return problems.skipped() == 0 ? "" : " (" + problems.skipped() + " bad records skipped, first: "
                + problems.firstReasons().getFirst() + ")";
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

    /** Removes the folders that killed runs of this output staged in {@code parent} (named {@code prefix} + digits). */
    private static void removeStaged(Path parent, String prefix) throws IOException {
        List<Path> staged;
        try (Stream<Path> listed = Files.list(parent)) {
            staged = listed.filter(path -> {
                String name = path.getFileName().toString();
                return name.startsWith(prefix) && name.substring(prefix.length()).matches("[0-9]+")
                        && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
            }).toList();
        }
        for (Path folder : staged) {
            deleteTree(folder);
        }
    }

    private static void deleteTree(Path root) {
        try {
            AtomicFiles.deleteTree(root);
        } catch (IOException e) {
            throw new BadInputException(root, "cannot remove the unfinished output: " + AtomicFiles.reason(e), e);
        }
    }

    /**
     * The options this run was given, but --resume and --chart-format (which files the curves are drawn into at
     * the end), one "name=value" a line in a fixed order: what identifies a run.
     */
    private String arguments() {
        List<String> given = new ArrayList<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            if (!Set.of("--resume", "--chart-format").contains(option.longestName())) {
                given.add(option.longestName() + "=" + option.getValue());
            }
        }
        given.sort(null);
        return String.join("\n", given) + "\n";
    }

    private ModelParameters initialParameters(Path out) throws IOException {
        if (init != null) {
            return TrainingStart.fineTuning(init, out);
        }
        if (tokenizerFrom == null) {
            throw new BadInputException(null, "training from scratch needs --tokenizer-from DIR (CLIP's vocab.json and merges.txt)");
        }
        return TrainingStart.fromScratch(tokenizerFrom, merges, width, textLayers, visionLayers, imageSize, patchSize, seed,
                out);
    }
}
