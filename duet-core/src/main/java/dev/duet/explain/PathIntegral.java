/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/**
 * What one tower's path integral gives besides a factor's rows: the raw embeddings of the input
 * and of the reference state (pooled at the input's row), which the completeness terms need,
 * the rule, and the tower's own completeness error.
 *
 * @param inputEmbedding     the tower's raw (unnormalised) embedding of the input, [projection width]
 * @param referenceEmbedding its raw embedding of the reference state, pooled at the input's row
 * @param normalization      where the normalisation entered the rows
 * @param residual {@code |sum_i u_i - (F(x) - F(x_r))|} of the tower's rows; NaN when it was not
 *                 computed (the image side in reverse mode with a fixed rule)
 * @param rule     the fixed rule of the integral ({@link Quadrature#GAUSS_LEGENDRE}, on panels, for the adaptive mode)
 * @param nodes    the number of quadrature nodes used
 */
public record PathIntegral(float[] inputEmbedding, float[] referenceEmbedding, Normalization normalization,
                           Quadrature rule, int nodes, double residual) {
}
