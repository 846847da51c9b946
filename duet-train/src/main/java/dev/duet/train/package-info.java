/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Contrastive training of dual encoders of either family ({@link dev.duet.train.ModelParameters}:
 * CLIP's or SigLIP's arrays, with their {@link dev.duet.train.ModelGradients}): hand-written
 * reverse-mode gradients of both towers, composed of the model's own layers
 * ({@link dev.duet.train.TextTowerTrainer}, {@link dev.duet.train.VisionTowerTrainer}), the
 * family's loss ({@link dev.duet.train.ContrastiveObjective}: CLIP's symmetric loss with optional
 * hard negatives, {@link dev.duet.train.ContrastiveLoss}, or SigLIP's pairwise sigmoid loss with
 * its learnt bias, {@link dev.duet.train.SigmoidLoss}), an optional phrase-patch grounding loss
 * on the vision tower's patch embeddings (CLIP; {@link dev.duet.train.GroundingLoss}), AdamW with warm-up and exponential decay, gradient
 * clipping, freezing, and a resumable training loop ({@link dev.duet.train.DualEncoderTrainer}) over an
 * abstract {@link dev.duet.train.BatchSource}. A whole run into a model folder
 * ({@link dev.duet.train.TrainingStart}: the starting weights and tokenizer files;
 * {@link dev.duet.train.TrainingRun}: evaluation cadence, keep-best, checkpoints and resume by
 * {@link dev.duet.train.RunCheckpoints}, weights) trains on a {@link dev.duet.train.TrainingData}
 * (the synthetic world or a grounding data set) and reports as typed rows
 * ({@link dev.duet.train.TrainingLogRow}, {@link dev.duet.train.EvaluationRow}) that only
 * {@link dev.duet.train.TrainingTables} writes and reads as TSV.
 *
 * <p>May depend on {@code dev.duet.tensor}, {@code dev.duet.model}, {@code dev.duet.image},
 * {@code dev.duet.tokenizer}, the root package and Jackson; never on reports or the CLI. Only
 * {@link dev.duet.train.WorldBatches} and {@link dev.duet.train.WorldTraining} know the synthetic
 * world ({@code dev.duet.world}); only {@link dev.duet.train.DatasetBatches} and
 * {@link dev.duet.train.DatasetTraining} the data sets ({@code dev.duet.data}); only those two
 * trainings and {@link dev.duet.train.EvaluationRow} the held-out evaluations
 * ({@code dev.duet.eval}, {@code dev.duet.grounding}).
 */
package dev.duet.train;
