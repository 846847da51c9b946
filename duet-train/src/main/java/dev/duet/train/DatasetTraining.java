/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.DatasetKind;
import dev.duet.data.GroundedCaption;
import dev.duet.data.GroundedImage;
import dev.duet.data.GroundingDataset;
import dev.duet.data.PhraseContrast;
import dev.duet.data.RecordProblems;
import dev.duet.eval.HeldOutRetrieval;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.MapMethod;
import dev.duet.grounding.MapSource;
import dev.duet.grounding.ResultLog;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipConfig;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Fine-tuning on a grounding data set: batches from its training part ({@link DatasetBatches}),
 * grounding measured on a held-out part by the harness of {@code duet eval} ({@link GroundingRun},
 * Duet's maps at the run's evaluation layers, pointing game and mass in box per phrase, timed),
 * overall and per class (COCO category, Flickr30k Entities type, HNC type) beside each class's
 * chance level, and retrieval among the held-out images with their first captions and, for HNC,
 * those captions' hard negatives ({@link HeldOutRetrieval}).
 *
 * <p>The held-out part is the first images, in the data set's order, of another split (the
 * command line takes {@code val}) that have at least one grounded phrase; no image of it may be in
 * the training part.
 *
 * @param data    the data set's folder, recorded in the weights' metadata
 * @param heldOut the images scored, all with a grounded phrase
 */
public record DatasetTraining(DatasetKind kind, Path data, GroundingDataset training, GroundingDataset heldOut)
        implements TrainingData {

    /** The harness seeds only its random map, which a training run does not score. */
    private static final long HARNESS_SEED = 0;

    public DatasetTraining {
        if (heldOut.images().isEmpty()) {
            throw new BadInputException(data, "the held-out part of " + kind.cliName() + " has no image with a grounded "
                    + "phrase to score");
        }
        for (String label : classes(heldOut)) {
            if (label.contains("\t") || label.contains("\n") || label.contains("\r")) {
                throw new BadInputException(data, "class '" + label.replaceAll("\\s", " ") + "' holds a tab or line "
                        + "break and cannot name a column of " + TrainingTables.EVALUATION_FILE);
            }
        }
        Set<String> trained = new HashSet<>();
        training.images().forEach(image -> trained.add(image.id()));
        for (GroundedImage image : heldOut.images()) {
            if (trained.contains(image.id())) {
                throw new BadInputException(image.file(), "image " + image.id() + " is in both the training and the "
                        + "held-out part of " + kind.cliName() + "; the held-out part must be unseen");
            }
        }
    }

    /**
     * The training part and, as the held-out part, the first {@code heldOutImages} images of
     * {@code validation} with a grounded phrase.
     */
    public static DatasetTraining of(DatasetKind kind, Path data, GroundingDataset training, GroundingDataset validation,
                                     int heldOutImages) {
        List<GroundedImage> grounded = validation.images().stream()
                .filter(image -> image.captions().stream().anyMatch(caption -> !caption.phrases().isEmpty()))
                .limit(heldOutImages).toList();
        return new DatasetTraining(kind, data, training, new GroundingDataset(kind, grounded, validation.skipped(),
                validation.firstSkipReasons()));
    }

    /** The classes of the held-out phrases. */
    @Override
    public SortedSet<String> groups() {
        return classes(heldOut);
    }

    private static SortedSet<String> classes(GroundingDataset dataset) {
        SortedSet<String> classes = new TreeSet<>();
        dataset.images().forEach(image -> image.captions().forEach(caption ->
                caption.phrases().forEach(phrase -> classes.add(phrase.label()))));
        return Collections.unmodifiableSortedSet(classes);
    }

    @Override
    public BatchSource batches(Tokenizer tokenizer, ImagePreprocessor preprocessor, ClipConfig.Vision vision,
                               TrainingRun.Settings settings) {
        return new DatasetBatches(training, tokenizer, preprocessor, vision, settings.batch(), settings.negatives());
    }

    @Override
    public HeldOut heldOut(TrainingRun.Settings settings) {
        ExplainOptions options = ExplainOptions.defaults().withLayers(settings.evalTextLayer(), settings.evalImageLayer());
        SortedSet<String> classes = groups();
        return (step, model, parallel, progress) -> {
            Explainer explainer = Explainer.forModel(model, options, parallel);
            List<MapSource> sources = MapSource.of(EnumSet.of(MapMethod.DUET), List.of(explainer));
            RecordProblems problems = new RecordProblems(BadRecordPolicy.SKIP);
            GroundingRun.Outcome outcome;
            long started = System.nanoTime();
            try (ResultLog log = ResultLog.inMemory()) {
                outcome = new GroundingRun(model, sources, null, HARNESS_SEED, problems)
                        .run(heldOut, log, (done, total, results) -> { });
            } catch (IOException e) {
                throw new UncheckedIOException("an in-memory log cannot fail to close", e);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            EvaluationRow row = EvaluationRow.of(step, retrieval(model, parallel), outcome, sources.getFirst().name(),
                    classes, seconds);
            progress.printf(Locale.ROOT, "step %d: retrieval text->image %.3f, image->text %.3f, hard negatives %.3f, "
                            + "grounding %.3f (pointing game of Duet's maps; chance %.3f) over %d held-out phrases in "
                            + "%.1f s (%.2f phrases/s), %d not visible in the crop, %d beyond the tokenizer's reach%n",
                    step, row.textToImage(), row.imageToText(), row.hardNegative(), row.grounding(),
                    row.groundingChance(), row.phrases(), seconds, row.phrasesPerSecond(), outcome.notVisible(),
                    problems.skipped());
            progress.flush();
            return row;
        };
    }

    /**
     * Retrieval among the held-out images, each with its first caption; that caption's hard
     * negatives (HNC's) must score below it.
     */
    private HeldOutRetrieval retrieval(DualEncoder model, Parallel parallel) {
        List<PreprocessedImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        List<List<String>> negatives = new ArrayList<>();
        for (GroundedImage image : heldOut.images()) {
            GroundedCaption first = image.captions().getFirst();
            images.add(model.preprocess(image.file()));
            captions.add(first.text());
            negatives.add(first.contrasts().stream().map(PhraseContrast::negativeCaption).distinct().toList());
        }
        return HeldOutRetrieval.of(model, parallel, images, captions, negatives);
    }

    @Override
    public void describe(Map<String, String> metadata) {
        metadata.put("dataset", kind.cliName());
        metadata.put("data", data.toAbsolutePath().normalize().toString());
        metadata.put("held_out_images", Integer.toString(heldOut.images().size()));
    }
}
