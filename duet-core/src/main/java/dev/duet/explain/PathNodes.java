/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the nodes of a quadrature rule on the straight path {@code reference + t delta}: each
 * node's term is computed on its own, from the node's point and weight, and the terms are added
 * in node order, so the sum does not depend on how the nodes were spread over threads.
 *
 * <p>A slice whose state is small (the default model: [65][128] for the image, [9][128] for a
 * caption) gives each thread whole nodes and runs their kernels serially: there a kernel's work
 * is a few microseconds, not much more than handing half of it to another core and waiting for it
 * costs, so splitting each kernel over two cores gained little over one core, and lost to it when
 * the other core was busy (BENCHMARKS.md, session 10). A larger slice runs its nodes in turn, each
 * kernel over all threads, and holds one node's buffers at a time.
 */
final class PathNodes {

    /** Largest state [T][D], in floats, whose nodes are spread over threads. */
    static final int SMALL_STATE_FLOATS = 1 << 15;

    /** One node's term. */
    @FunctionalInterface
    interface Term<T> {
        /**
         * The term at the node's {@code point} [T][D] with its rule weight, computed with the
         * kernels' {@code parallel}.
         */
        T at(Parallel parallel, float[] point, double weight);
    }

    private PathNodes() {
    }

    /** Whether {@link #sum} spreads a slice's nodes over threads (rather than each node's kernels). */
    static boolean perThread(Parallel parallel, TowerSlice slice) {
        return parallel.threads() > 1 && (long) slice.rows() * slice.width() <= SMALL_STATE_FLOATS;
    }

    /**
     * Passes the terms of the rule's nodes on the path from {@code reference} along {@code delta}
     * (both [T][D]) to {@code add}, in node order.
     */
    static <T> void sum(Parallel parallel, TowerSlice slice, QuadratureRule rule, float[] reference, float[] delta,
                        Term<T> term, Consumer<T> add) {
        if (!perThread(parallel, slice)) {
            for (int k = 0; k < rule.size(); k++) {
                add.accept(at(term, parallel, rule, reference, delta, k));
            }
            return;
        }
        // one node per thread at a time, so that no more than one node's buffers per thread are alive
        int group = parallel.threads();
        for (int first = 0; first < rule.size(); first += group) {
            int count = Math.min(group, rule.size() - first);
            int base = first;
            List<T> terms = new ArrayList<>(Collections.nCopies(count, null));
            parallel.forRange(count, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    terms.set(i, at(term, Parallel.serial(), rule, reference, delta, base + i));
                }
            });
            terms.forEach(add);
        }
    }

    /** Node k's term, at the point {@code reference + t_k delta}. */
    private static <T> T at(Term<T> term, Parallel kernels, QuadratureRule rule, float[] reference, float[] delta,
                            int k) {
        float t = (float) rule.nodes()[k];
        float[] point = new float[reference.length];
        for (int i = 0; i < point.length; i++) {
            point[i] = reference[i] + t * delta[i];
        }
        return term.at(kernels, point, rule.weights()[k]);
    }
}
