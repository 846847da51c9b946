/**
 * Second-order attributions (arXiv 2408.14153) through the factorisation A = U V^T of
 * shared/docs/method.md: factors by forward-mode tangents integrated along straight paths
 * ({@link dev.duet.explain.FactorEngine}), quadrature rules, normalisation modes, completeness,
 * and the {@link dev.duet.explain.Explainer} API. Depends on model and tensor.
 */
package dev.duet.explain;
