/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/**
 * Nodes {@code t_k} in (0, 1] and weights {@code w_k} approximating {@code integral_0^1 f(t) dt}
 * by {@code sum_k w_k f(t_k)} along the straight path from the reference (t = 0) to the input (t = 1).
 *
 * @param quadrature the fixed rule these nodes follow ({@link Quadrature#RIEMANN} or
 *                   {@link Quadrature#GAUSS_LEGENDRE}; the adaptive mode is a sequence of the latter)
 * @param nodes      the points {@code t_k} in (0, 1], [size()]
 * @param weights    their weights {@code w_k}, [size()], adding up to 1
 */
public record QuadratureRule(Quadrature quadrature, double[] nodes, double[] weights) {

    /**
     * Checks the lengths.
     *
     * @throws IllegalArgumentException if there are no nodes or not one weight per node
     */
    public QuadratureRule {
        if (nodes.length == 0 || nodes.length != weights.length) {
            throw new IllegalArgumentException("a rule needs as many weights as nodes, at least one");
        }
    }

    /** {@return the number of nodes} */
    public int size() {
        return nodes.length;
    }

    /**
     * Right Riemann sum as the published code: {@code t = 1, 1 - 1/N, ..., 1/N}, weight 1/N.
     * Nodes are rounded to float32 as {@code arange(1, 0, -1/N)} in float32 produces them.
     *
     * @param n the number of nodes N, at least 1
     * @return the rule
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public static QuadratureRule riemann(int n) {
        requirePositive(n);
        double[] nodes = new double[n];
        double[] weights = new double[n];
        float step = 1f / n;
        for (int k = 0; k < n; k++) {
            nodes[k] = (float) (1.0 - k * (double) step);
            weights[k] = 1.0 / n;
        }
        return new QuadratureRule(Quadrature.RIEMANN, nodes, weights);
    }

    /**
     * {@return Gauss-Legendre with n nodes mapped from [-1, 1] to [0, 1]: exact for polynomials of degree 2n - 1}
     *
     * @param n the number of nodes, at least 1
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public static QuadratureRule gaussLegendre(int n) {
        requirePositive(n);
        double[] nodes = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            // Newton iteration on P_n from the Chebyshev-like initial guess; converges in a few steps
            double x = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double p0 = 1;
                double p1 = x;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / derivative;
                x -= dx;
                if (Math.abs(dx) < 1e-16) {
                    break;
                }
            }
            double weight = 2 / ((1 - x * x) * derivative * derivative);
            nodes[i] = 0.5 * (1 + x);
            weights[i] = 0.5 * weight;
            nodes[n - 1 - i] = 0.5 * (1 - x);
            weights[n - 1 - i] = 0.5 * weight;
        }
        return new QuadratureRule(Quadrature.GAUSS_LEGENDRE, nodes, weights);
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a quadrature rule needs at least one node, got " + n);
        }
    }
}
