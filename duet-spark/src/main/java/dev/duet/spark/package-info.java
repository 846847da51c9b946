/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Dataset-scale jobs on Apache Spark: {@link dev.duet.spark.EmbedCorpus} (embeddings and image
 * factors of an image corpus into Parquet) and {@link dev.duet.spark.GroundingJob} (the grounding
 * evaluation of {@code duet eval}, partitioned by image), with {@link dev.duet.spark.SparkMain} as
 * the {@code spark-submit} entry. Each executor JVM loads the model once
 * ({@link dev.duet.spark.ExecutorModels}); outputs are idempotent per item
 * ({@link dev.duet.spark.ItemTable}). Depends on duet-core's public API ({@code api}, {@code explain},
 * {@code model}, {@code image}, {@code data}) and duet-train's {@code grounding}; nothing in Duet
 * depends on this package.
 */
package dev.duet.spark;
