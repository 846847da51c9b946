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
 *                   {@link Quadrature#GAUSS_LEGENDRE}, on [0, 1] or composite on panels; the adaptive mode
 *                   chooses the panels of the latter, {@link AdaptiveRule})
 * @param nodes      the points {@code t_k} in (0, 1], [size()]
 * @param weights    their weights {@code w_k}, [size()], adding up to the length of path they cover (1 for a
 *                   rule on the whole path)
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
        return gaussLegendre(new int[] {n}, new double[] {0, 1});
    }

    /**
     * {@return composite Gauss-Legendre: {@code nodes[p]} nodes on the panel between breakpoints p and p + 1, the
     * panels' nodes in the breakpoints' order; from 0 to 1 a rule on the whole path, else on the part the panels
     * cover}
     *
     * @param nodes       the nodes of each panel, each at least 1, [panels]
     * @param breakpoints the panels' ends, increasing, within [0, 1], [panels + 1]
     * @throws IllegalArgumentException if a panel has no node or the breakpoints are not one more than the panels,
     *         increasing within [0, 1]
     */
    public static QuadratureRule gaussLegendre(int[] nodes, double[] breakpoints) {
        if (breakpoints.length != nodes.length + 1 || nodes.length == 0 || !(breakpoints[0] >= 0)
                || !(breakpoints[nodes.length] <= 1)) {
            throw new IllegalArgumentException("a composite rule needs one more breakpoint than panels, within [0, 1]");
        }
        int total = 0;
        for (int n : nodes) {
            requirePositive(n);
            total += n;
        }
        double[] points = new double[total];
        double[] weights = new double[total];
        int at = 0;
        for (int p = 0; p < nodes.length; p++) {
            double from = breakpoints[p];
            double width = breakpoints[p + 1] - from;
            if (!(width > 0)) {
                throw new IllegalArgumentException("breakpoints must increase, got " + from + " then " + breakpoints[p + 1]);
            }
            double[][] unit = unitGaussLegendre(nodes[p]);
            for (int k = 0; k < nodes[p]; k++, at++) {
                points[at] = from + width * unit[0][k];
                weights[at] = width * unit[1][k];
            }
        }
        return new QuadratureRule(Quadrature.GAUSS_LEGENDRE, points, weights);
    }

    /** {@return the n Gauss-Legendre nodes on [0, 1] and their weights, [2][n]} */
    private static double[][] unitGaussLegendre(int n) {
        double[] unitNodes = new double[n];
        double[] unitWeights = new double[n];
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
            unitNodes[i] = 0.5 * (1 + x);
            unitWeights[i] = 0.5 * weight;
            unitNodes[n - 1 - i] = 0.5 * (1 - x);
            unitWeights[n - 1 - i] = 0.5 * weight;
        }
        return new double[][] {unitNodes, unitWeights};
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a quadrature rule needs at least one node, got " + n);
        }
    }
}
