/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import java.nio.file.Path;

/**
 * One result of a search.
 *
 * @param rank       1-based, by similarity
 * @param key        the image's path relative to the indexed folder, {@code /}-separated
 * @param file       the image file (the indexed folder resolved with the key)
 * @param similarity the cosine of the query's and the image's embeddings
 * @param chunk      the factor store file that holds the image's factor
 * @param slot       the image's item in that file
 */
public record SearchHit(int rank, String key, Path file, double similarity, int chunk, int slot) {
}
