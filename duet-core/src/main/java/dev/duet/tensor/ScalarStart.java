/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

/**
 * How much of a vector kernel's work goes to its scalar twin when a process starts. Until the JIT
 * has compiled it, Vector API code runs through the API's allocating fallback, many times slower
 * than scalar code at the same tier, so a command that computes little (the embeddings of a caption
 * and an image) ends sooner on the twins, while a longer one hands over to the vector kernels after
 * a few milliseconds (BENCHMARKS.md, sessions 14 and 17). Each twin gives its kernel's bits (the
 * same operations in the same order, lane by lane), so which form ran never shows in a result.
 * The count is racy on purpose: either form is right.
 */
final class ScalarStart {

    private final long budget;
    private long spent;

    /** A budget of {@code budget} units of work (tiles, rows, elements: the kernel's own unit). */
    ScalarStart(long budget) {
        this.budget = budget;
    }

    /** Whether the next {@code work} units go to the scalar twin; they count against the budget if so. */
    boolean take(long work) {
        if (spent >= budget) {
            return false;
        }
        spent += work;
        return true;
    }
}
