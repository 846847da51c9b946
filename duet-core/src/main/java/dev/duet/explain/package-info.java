/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Second-order attributions (arXiv 2408.14153) through the factorisation {@code A = U V^T}, as
 * derived in the repository's {@code docs/method.md}: the {@link dev.duet.explain.Explainer} API
 * and its {@link dev.duet.explain.ExplainOptions}; a tower above its cut
 * ({@link dev.duet.explain.TowerSlice}); factors by forward-mode tangents integrated along
 * straight paths ({@link dev.duet.explain.FactorEngine}, giving a {@link dev.duet.explain.Factor},
 * saved by {@link dev.duet.explain.FactorFiles}) or the interactions by reverse-mode cotangents
 * without V ({@link dev.duet.explain.InteractionEngine}, chosen by {@link dev.duet.explain.ImageMode}),
 * each over a rule's nodes by {@link dev.duet.explain.PathNodes};
 * quadrature ({@link dev.duet.explain.Quadrature} names the rule, {@link dev.duet.explain.QuadratureRule}
 * holds its nodes, {@link dev.duet.explain.AdaptiveRule} chooses the default rule's panels on a tower's
 * {@link dev.duet.explain.DensePath}), normalisation modes, image references, completeness, and the explanation with
 * its JSON form ({@link dev.duet.explain.ExplanationJson}).
 *
 * <p>Depends on model, tensor, tokenizer (token spans in the JSON), image (the preprocessed image
 * of a pair) and the root package.
 */
package dev.duet.explain;
