/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/**
 * How well the attributions add up (docs/method.md §2): the four terms with the path's own
 * reference embeddings, their combination {@code target}, the sum of all entries (CLS
 * included) and the error {@code sum - target}; plus the CLS column's share of the mass (which
 * rows are special is the caption's to say: {@link Explanation#rowShare}).
 *
 * @param clsShare share of sum |A| in the CLS column
 */
public record Completeness(double textImage, double textReferenceImage, double referenceTextImage,
                           double referenceTextReferenceImage, double target, double sum, double error,
                           double clsShare) {
}
