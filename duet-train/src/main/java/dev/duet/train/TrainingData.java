/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.image.ImagePreprocessor;
import dev.duet.model.ClipConfig;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Tokenizer;

import java.io.PrintWriter;
import java.util.Map;
import java.util.SortedSet;

/**
 * What a {@link TrainingRun} learns from and how it scores its weights on held-out data: the
 * synthetic world ({@link WorldTraining}) or a grounding data set on disk ({@link DatasetTraining}).
 */
public sealed interface TrainingData permits WorldTraining, DatasetTraining {

    /**
     * The groups whose grounding the evaluations score apart, one {@code grounding_GROUP} column
     * each in {@code evaluation.tsv}: a world's new concepts, a data set's classes.
     */
    SortedSet<String> groups();

    /** The training batches for a model with this tokenizer, preprocessing and image tower. */
    BatchSource batches(Tokenizer tokenizer, ImagePreprocessor preprocessor, ClipConfig.Vision vision,
                        TrainingRun.Settings settings);

    /** The held-out evaluation of the run's settings. */
    HeldOut heldOut(TrainingRun.Settings settings);

    /** Adds what identifies the data to the weights' metadata. */
    void describe(Map<String, String> metadata);

    /** Scores weights on the held-out part. */
    interface HeldOut {

        /** The row of {@code model}, the weights after {@code step} steps; a line of it goes to {@code progress}. */
        EvaluationRow evaluate(long step, DualEncoder model, Parallel parallel, PrintWriter progress);
    }
}
