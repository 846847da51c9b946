/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/** How the path integrals of docs/method.md §2 are approximated (the rules: docs/method.md §5). */
public enum Quadrature {
    /** right Riemann sum, t = 1, 1 - 1/N, ..., 1/N: parity with the published code */
    RIEMANN,
    /** Gauss-Legendre with N nodes: far smaller error for the same cost */
    GAUSS_LEGENDRE,
    /**
     * Gauss-Legendre on panels of the path, refined where completeness fails until each tower's residual is under
     * the tolerance ({@link AdaptiveRule})
     */
    ADAPTIVE;

    /**
     * {@return the nodes and weights on [0, 1] of this rule with {@code nodes} nodes}
     *
     * @param nodes at least 1
     */
    public QuadratureRule rule(int nodes) {
        return switch (this) {
            case RIEMANN -> QuadratureRule.riemann(nodes);
            case GAUSS_LEGENDRE, ADAPTIVE -> QuadratureRule.gaussLegendre(nodes);
        };
    }
}
