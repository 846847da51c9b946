/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.eval.GroundingEvaluator;
import dev.duet.eval.GroundingReport;
import dev.duet.explain.ExplainOptions;
import dev.duet.image.ImagePreprocessor;
import dev.duet.model.ClipConfig;
import dev.duet.tokenizer.Tokenizer;
import dev.duet.world.SceneGenerator;
import dev.duet.world.WorldSpec;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Training on the synthetic grounded world: batches from the run's seed ({@link WorldBatches}),
 * held-out scenes from {@link #HELD_OUT_SEED} scored by {@link GroundingEvaluator}.
 *
 * @param name        recorded in the weights' metadata
 * @param newConcepts words of the concepts the world adds, scored apart by the evaluations
 */
public record WorldTraining(String name, WorldSpec spec, Set<String> newConcepts) implements TrainingData {

    /** Held-out scenes come from a seed training never draws from. */
    public static final long HELD_OUT_SEED = 987_654_321L;

    public WorldTraining {
        newConcepts = Set.copyOf(newConcepts);
    }

    @Override
    public SortedSet<String> groups() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(newConcepts));
    }

    @Override
    public BatchSource batches(Tokenizer tokenizer, ImagePreprocessor preprocessor, ClipConfig.Vision vision,
                               TrainingRun.Settings settings) {
        return new WorldBatches(new SceneGenerator(spec), settings.seed(), tokenizer, preprocessor, vision,
                settings.batch(), settings.negatives());
    }

    @Override
    public HeldOut heldOut(TrainingRun.Settings settings) {
        GroundingEvaluator evaluator = new GroundingEvaluator(new SceneGenerator(spec), HELD_OUT_SEED,
                settings.evalScenes(), ExplainOptions.defaults().withLayers(settings.evalTextLayer(),
                settings.evalImageLayer()), newConcepts);
        return (step, model, parallel, progress) -> {
            GroundingReport report = evaluator.evaluate(model, parallel, done -> { });
            progress.printf(Locale.ROOT, "step %d: retrieval text->image %.3f, image->text %.3f, hard negatives %.3f, "
                            + "grounding %.3f (chance %.3f, %d phrases; new concepts %.3f of %d)%n", step,
                    report.textToImage(), report.imageToText(), report.hardNegative(), report.grounding(),
                    report.groundingChance(), report.mentions(), report.focusGrounding(), report.focusMentions());
            progress.flush();
            return EvaluationRow.of(step, report, newConcepts);
        };
    }

    @Override
    public void describe(Map<String, String> metadata) {
        metadata.put("world", name);
    }
}
