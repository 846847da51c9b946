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
 * Runs the nodes of a quadrature rule: each node's term is computed on its own and the terms are
 * added in node order, so the sum does not depend on how the nodes were spread over threads.
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
        /** The term of node {@code node}, computed with the kernels' {@code parallel}. */
        T at(Parallel parallel, int node);
    }

    private PathNodes() {
    }

    /** Whether {@link #sum} spreads a slice's nodes over threads (rather than each node's kernels). */
    static boolean perThread(Parallel parallel, TowerSlice slice) {
        return parallel.threads() > 1 && (long) slice.rows() * slice.width() <= SMALL_STATE_FLOATS;
    }

    /** Passes the terms of nodes 0 .. nodes-1 to {@code add}, in that order. */
    static <T> void sum(Parallel parallel, TowerSlice slice, int nodes, Term<T> term, Consumer<T> add) {
        if (!perThread(parallel, slice)) {
            for (int k = 0; k < nodes; k++) {
                add.accept(term.at(parallel, k));
            }
            return;
        }
        // one node per thread at a time, so that no more than one node's buffers per thread are alive
        int group = parallel.threads();
        for (int first = 0; first < nodes; first += group) {
            int count = Math.min(group, nodes - first);
            int base = first;
            List<T> terms = new ArrayList<>(Collections.nCopies(count, null));
            parallel.forRange(count, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    terms.set(i, term.at(Parallel.serial(), base + i));
                }
            });
            terms.forEach(add);
        }
    }
}
