/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The adaptive quadrature (docs/method.md §5): Gauss-Legendre on panels of [0, 1], starting from one
 * panel, the panel whose completeness fails most refined until the tower's residual is within the
 * tolerance: a panel with fewer than {@value #PANEL_NODES} nodes gets twice as many, one with more is
 * bisected.
 *
 * <p>Completeness holds on every piece of the path: the rows' integrals over a panel [a, b] add up
 * to {@code N(z(b)) - N(z(a))}. So each panel has an error of its own, at the cost of one forward
 * at each new breakpoint, and the nodes go where the integrand changes fast. A tower's integrand can
 * have features a few hundredths of the path wide (the default model's caption at layer 0 turns
 * within 0.02 of it), which Gauss-Legendre on the whole path resolves only with 64 nodes; panels
 * resolve them with half as many. On a smooth path raising a panel's nodes converges as fast as
 * Gauss-Legendre on the whole path does. The panels are chosen on the dense path ({@link DensePath}:
 * one tangent per node), and the rows are integrated once, on the panels chosen; their own residual
 * decides, so a partition the dense path accepted but the rows do not (rounding) is refined further.
 */
final class AdaptiveRule {

    /** Most nodes of an adaptive rule: refinement stops there, and the last partition is integrated as it is. */
    static final int MAX_NODES = 256;

    /** Most Gauss-Legendre nodes on one panel: a panel that misses with them is bisected instead. */
    static final int PANEL_NODES = 8;

    /** Narrowest panel that is still bisected: its nodes must stay apart in float32. */
    private static final double MIN_WIDTH = 0x1p-16;

    /** What the rule sees of a tower's straight path {@code x_r + t delta}, t in [0, 1]. */
    interface Path {
        /** {@return the rule's integral of the mapped embedding's derivative along the path, [P]} */
        double[] integral(QuadratureRule rule);

        /** {@return the embedding as the attributions see it (normalised) at point t of the path, [P]} */
        double[] mapped(double t);
    }

    /** A panel [from, to] with its Gauss-Legendre nodes, their dense integral [P] and its completeness error. */
    private record Panel(double from, double to, int nodes, double[] integral, double error) {
    }

    private final Path path;
    private final double[] change;
    private final List<Panel> panels = new ArrayList<>();
    private final Map<Double, double[]> mappedAt = new HashMap<>();

    private AdaptiveRule(Path path, int firstNodes) {
        this.path = path;
        this.change = difference(mapped(1), mapped(0));
        panels.add(panel(0, 1, firstNodes));
    }

    /**
     * The options' fixed rule, or the adaptive rule: the integral on the panels the dense path accepts, refined
     * until the integral's own residual is within the tolerance or {@value #MAX_NODES} nodes are reached. The
     * first rule is Gauss-Legendre with {@code steps} nodes (at least 2) on the whole path.
     *
     * @param integral the integral of a rule, given the dense path's residual of that rule (NaN for a fixed rule)
     * @param residual the integral's completeness residual
     * @param path     the tower's dense path, made only for the adaptive rule
     */
    static <T> T integrate(ExplainOptions options, BiFunction<QuadratureRule, Double, T> integral,
                           ToDoubleFunction<T> residual, Supplier<Path> path) {
        if (options.quadrature() != Quadrature.ADAPTIVE) {
            return integral.apply(options.quadrature().rule(options.steps()), Double.NaN);
        }
        AdaptiveRule rule = new AdaptiveRule(path.get(), Math.max(2, options.steps()));
        while (true) {
            boolean last = !rule.canRefine();
            double screened = rule.residual();
            if (screened <= options.tolerance() || last) {
                T result = integral.apply(rule.rule(), screened);
                if (last || residual.applyAsDouble(result) <= options.tolerance()) {
                    return result;
                }
            }
            rule.refine();
        }
    }

    /** {@return the composite rule of the current panels} */
    private QuadratureRule rule() {
        int[] nodes = new int[panels.size()];
        double[] breakpoints = new double[panels.size() + 1];
        for (int p = 0; p < panels.size(); p++) {
            nodes[p] = panels.get(p).nodes();
            breakpoints[p] = panels.get(p).from();
        }
        breakpoints[panels.size()] = 1;
        return QuadratureRule.gaussLegendre(nodes, breakpoints);
    }

    /** {@return the dense path's completeness residual of the current panels: |sum of their integrals - change|} */
    private double residual() {
        double[] total = new double[change.length];
        for (Panel panel : panels) {
            Vectors.addTo(total, panel.integral());
        }
        return distance(total, change);
    }

    private boolean canRefine() {
        int total = nodes();
        return total < MAX_NODES && panels.stream().anyMatch(panel -> refinable(panel, total));
    }

    /**
     * Refines the refinable panel with the largest error: a panel of fewer than {@value #PANEL_NODES} nodes
     * gets twice as many (a smooth piece converges fastest so), one of more is bisected into two panels of
     * half its nodes each (a feature inside it is then resolved where it is, for the same nodes). The panels
     * stay in order.
     */
    private void refine() {
        int total = nodes();
        Panel worst = panels.stream().filter(panel -> refinable(panel, total))
                .max(Comparator.comparingDouble(Panel::error)).orElseThrow();
        int at = panels.indexOf(worst);
        if (worst.nodes() < PANEL_NODES) {
            panels.set(at, panel(worst.from(), worst.to(), 2 * worst.nodes()));
            return;
        }
        double middle = 0.5 * (worst.from() + worst.to());
        panels.set(at, panel(worst.from(), middle, halfNodes(worst)));
        panels.add(at + 1, panel(middle, worst.to(), halfNodes(worst)));
    }

    /** {@return the nodes of the current panels together} */
    private int nodes() {
        return panels.stream().mapToInt(Panel::nodes).sum();
    }

    /** {@return the nodes of each half of a bisected panel} */
    private static int halfNodes(Panel panel) {
        return Math.max(2, panel.nodes() / 2);
    }

    /**
     * Whether refining the panel keeps the rule, now of {@code total} nodes, within {@value #MAX_NODES}
     * nodes and its nodes apart in float32.
     */
    private static boolean refinable(Panel panel, int total) {
        if (panel.nodes() < PANEL_NODES) {
            return total + panel.nodes() <= MAX_NODES;
        }
        return panel.to() - panel.from() >= 2 * MIN_WIDTH && total + 2 * halfNodes(panel) - panel.nodes() <= MAX_NODES;
    }

    private Panel panel(double from, double to, int nodes) {
        double[] integral = path.integral(QuadratureRule.gaussLegendre(new int[] {nodes}, new double[] {from, to}));
        return new Panel(from, to, nodes, integral, distance(integral, difference(mapped(to), mapped(from))));
    }

    /** The mapped embedding at a breakpoint; each is computed once, as the panels on both its sides need it. */
    private double[] mapped(double t) {
        return mappedAt.computeIfAbsent(t, path::mapped);
    }

    private static double[] difference(double[] a, double[] b) {
        double[] difference = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            difference[i] = a[i] - b[i];
        }
        return difference;
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(sum);
    }
}
