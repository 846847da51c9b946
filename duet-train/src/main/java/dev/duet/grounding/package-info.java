/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The dataset-scale grounding harness: for every grounded phrase of a
 * {@link dev.duet.data.GroundingDataset}, a map over the patch grid from each {@link MapMethod}
 * (Duet's second-order attributions and the baselines), scored by the pointing game and the
 * positive mass inside the phrase's boxes against chance ({@link GroundingMetrics}); hard-negative
 * contrasts; results appended to a resumable log ({@link ResultLog}) and summarised with
 * bootstrap intervals per class and per box size ({@link GroundingSummary}).
 *
 * <p>Depends on data, image, explain and model (duet-core); nothing in the CLI.
 */
package dev.duet.grounding;
