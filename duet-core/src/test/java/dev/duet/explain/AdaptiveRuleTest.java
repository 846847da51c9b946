/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adaptive rule on paths whose antiderivatives are known in closed form, so that every residual
 * here is measured against the exact integral, not against another rule.
 */
class AdaptiveRuleTest {

    /**
     * A path whose first coordinate turns in about 0.02 of the path around t = 0.6 (as the default
     * model's caption does at layer 0), the others smooth: F(t) and its derivative f(t).
     */
    private static final DoubleUnaryOperator[] TURN = {
        t -> Math.tanh((t - 0.6) / 0.01), t -> Math.sin(3 * t), t -> Math.exp(-t)};
    private static final DoubleUnaryOperator[] TURN_DERIVATIVE = {
        t -> 100 / (Math.cosh((t - 0.6) / 0.01) * Math.cosh((t - 0.6) / 0.01)), t -> 3 * Math.cos(3 * t),
        t -> -Math.exp(-t)};

    /** A path of degree 7, which four or more Gauss-Legendre nodes integrate exactly on any panel. */
    private static final DoubleUnaryOperator[] POLYNOMIAL = {t -> Math.pow(t, 7) - 2 * t * t, t -> 3 * t};
    private static final DoubleUnaryOperator[] POLYNOMIAL_DERIVATIVE = {t -> 7 * Math.pow(t, 6) - 4 * t, t -> 3};

    /** A path given by F and f, counting the nodes its integrals were asked for. */
    private static final class KnownPath implements AdaptiveRule.Path {
        private final DoubleUnaryOperator[] antiderivative;
        private final DoubleUnaryOperator[] derivative;
        int denseNodes;

        KnownPath(DoubleUnaryOperator[] antiderivative, DoubleUnaryOperator[] derivative) {
            this.antiderivative = antiderivative;
            this.derivative = derivative;
        }

        @Override
        public double[] integral(QuadratureRule rule) {
            denseNodes += rule.size();
            return integrate(rule, derivative);
        }

        @Override
        public double[] mapped(double t) {
            double[] value = new double[antiderivative.length];
            for (int i = 0; i < value.length; i++) {
                value[i] = antiderivative[i].applyAsDouble(t);
            }
            return value;
        }

        double residual(QuadratureRule rule) {
            double[] integral = integrate(rule, derivative);
            double sum = 0;
            for (int i = 0; i < integral.length; i++) {
                double exact = antiderivative[i].applyAsDouble(1) - antiderivative[i].applyAsDouble(0);
                sum += (integral[i] - exact) * (integral[i] - exact);
            }
            return Math.sqrt(sum);
        }

        private static double[] integrate(QuadratureRule rule, DoubleUnaryOperator[] f) {
            double[] total = new double[f.length];
            for (int k = 0; k < rule.size(); k++) {
                for (int i = 0; i < f.length; i++) {
                    total[i] += rule.weights()[k] * f[i].applyAsDouble(rule.nodes()[k]);
                }
            }
            return total;
        }
    }

    /** The rules the adaptive mode integrated, in turn, with the residual it was given for each. */
    private record Integrated(QuadratureRule rule, double screened) {
    }

    private static Integrated adaptive(KnownPath path, int steps, double tolerance, List<Integrated> calls) {
        ExplainOptions options = ExplainOptions.defaults().withQuadrature(Quadrature.ADAPTIVE, steps)
                .withTolerance(tolerance);
        return AdaptiveRule.integrate(options, (rule, screened) -> {
            Integrated integrated = new Integrated(rule, screened);
            calls.add(integrated);
            return integrated;
        }, integrated -> path.residual(integrated.rule()), () -> path);
    }

    @Test
    void panelsReachTheToleranceWithFewerNodesThanTheWholePathNeeds() {
        KnownPath path = new KnownPath(TURN, TURN_DERIVATIVE);
        List<Integrated> calls = new ArrayList<>();
        Integrated result = adaptive(path, 8, 1e-6, calls);
        double residual = path.residual(result.rule());
        assertTrue(residual <= 1e-6, "residual " + residual);
        assertEquals(1, calls.size(), "the rows are integrated once, on the panels the dense path accepted");
        assertEquals(residual, result.screened(), 1e-12, "the screen's residual is the rule's");
        int wholePath = 8;
        while (path.residual(QuadratureRule.gaussLegendre(wholePath)) > 1e-6) {
            wholePath *= 2;
        }
        assertTrue(result.rule().size() < wholePath / 2,
                result.rule().size() + " nodes on panels against " + wholePath + " on the whole path");
        long nearTurn = java.util.Arrays.stream(result.rule().nodes()).filter(t -> Math.abs(t - 0.6) < 0.05).count();
        assertTrue(nearTurn * 2 > result.rule().size(), nearTurn + " of " + result.rule().size() + " nodes near the turn");
    }

    @Test
    void aPathItsFirstRuleIntegratesExactlyStaysAtIt() {
        KnownPath path = new KnownPath(POLYNOMIAL, POLYNOMIAL_DERIVATIVE);
        List<Integrated> calls = new ArrayList<>();
        Integrated result = adaptive(path, 8, 1e-10, calls);
        assertEquals(8, path.denseNodes, "the dense path was integrated on the first rule only");
        assertArrayEqualsRule(QuadratureRule.gaussLegendre(8), result.rule());
        assertTrue(path.residual(result.rule()) <= 1e-10);
    }

    @Test
    void refinementStopsAtTheNodeLimitAndIntegratesTheLastPartition() {
        KnownPath path = new KnownPath(TURN, TURN_DERIVATIVE);
        List<Integrated> calls = new ArrayList<>();
        Integrated result = adaptive(path, 2, 1e-300, calls);
        assertEquals(1, calls.size());
        assertTrue(result.rule().size() <= AdaptiveRule.MAX_NODES
                && result.rule().size() > AdaptiveRule.MAX_NODES - AdaptiveRule.PANEL_NODES, result.rule().size() + " nodes");
        double weights = java.util.Arrays.stream(result.rule().weights()).sum();
        assertEquals(1, weights, 1e-12, "the panels cover the path");
    }

    @Test
    void aFixedRuleNeverBuildsTheDensePath() {
        ExplainOptions options = ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, 5);
        QuadratureRule used = AdaptiveRule.integrate(options, (rule, screened) -> {
            assertTrue(Double.isNaN(screened));
            return rule;
        }, rule -> 0, () -> {
            throw new AssertionError("dense path built for a fixed rule");
        });
        assertArrayEqualsRule(QuadratureRule.gaussLegendre(5), used);
    }

    @Test
    void compositeGaussLegendreIsExactToTwiceItsFewestNodesLessOne() {
        double[] breakpoints = {0, 0.125, 0.5, 0.625, 1};
        QuadratureRule rule = QuadratureRule.gaussLegendre(new int[] {3, 5, 3, 4}, breakpoints);
        assertEquals(15, rule.size());
        for (int degree = 0; degree <= 5; degree++) {
            int power = degree;
            double sum = 0;
            for (int k = 0; k < rule.size(); k++) {
                sum += rule.weights()[k] * Math.pow(rule.nodes()[k], power);
            }
            assertEquals(1.0 / (degree + 1), sum, 1e-14, "t^" + degree);
        }
        // degree 6 on one panel is not exact for three nodes: the panels are real panels, not one rule of 12 nodes
        QuadratureRule panel = QuadratureRule.gaussLegendre(new int[] {3}, new double[] {0.5, 1});
        double sixth = 0;
        for (int k = 0; k < 3; k++) {
            sixth += panel.weights()[k] * Math.pow(panel.nodes()[k], 6);
        }
        assertTrue(Math.abs(sixth - (1 - Math.pow(0.5, 7)) / 7) > 1e-8);
        assertThrows(IllegalArgumentException.class,
                () -> QuadratureRule.gaussLegendre(new int[] {3, 3, 3}, new double[] {0, 0.5, 0.5, 1}));
        assertThrows(IllegalArgumentException.class, () -> QuadratureRule.gaussLegendre(new int[] {3}, new double[] {0, 1.5}));
        assertThrows(IllegalArgumentException.class, () -> QuadratureRule.gaussLegendre(new int[] {3, 0}, new double[] {0, 0.5, 1}));
        assertThrows(IllegalArgumentException.class, () -> QuadratureRule.gaussLegendre(new int[] {3}, new double[] {0, 0.5, 1}));
    }

    private static void assertArrayEqualsRule(QuadratureRule expected, QuadratureRule actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.nodes(), actual.nodes());
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.weights(), actual.weights());
    }
}
