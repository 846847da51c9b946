/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/**
 * How well the attributions add up (docs/method.md §2): the four terms with the path's own
 * reference embeddings, their combination {@code target}, the sum of all entries (CLS
 * included) and the error {@code sum - target}; plus the CLS column's share of the mass (which
 * rows are special is the caption's to say: {@link Explanation#rowShare}). Every term is a cosine
 * (times exp(logit_scale) when the options scale by it).
 *
 * @param textImage                   the caption against the image: s(x, y)
 * @param textReferenceImage          the caption against the reference image: s(x, y_r)
 * @param referenceTextImage          the reference caption against the image: s(x_r, y)
 * @param referenceTextReferenceImage the reference caption against the reference image: s(x_r, y_r)
 * @param target                      {@code s(x, y) - s(x, y_r) - s(x_r, y) + s(x_r, y_r)}: what the entries add up to
 * @param sum                         the sum of all entries of A, CLS column included
 * @param error                       {@code sum - target}, from the quadrature
 * @param clsShare                    share of sum |A| in the CLS column, in [0, 1]
 */
public record Completeness(double textImage, double textReferenceImage, double referenceTextImage,
                           double referenceTextReferenceImage, double target, double sum, double error,
                           double clsShare) {
}
