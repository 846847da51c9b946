/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Explanations take turns: one is computed at a time, on all the explainer's threads, and at
 * most {@link #MAX_PENDING} compute or wait; beyond that a request is turned away with 503, so
 * that cheap requests (selections, the page's files) keep the handler threads.
 */
final class ExplanationTurns {

    static final int MAX_PENDING = 2;

    private final Object computing = new Object();
    private final AtomicInteger pending = new AtomicInteger();

    /** The work's result, computed when no other explanation is; 503 when too many wait already. */
    <T> T take(Supplier<T> work) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            throw new ApiException(503, "Duet is busy explaining other pairs: try again in a moment");
        }
        try {
            synchronized (computing) {
                return work.get();
            }
        } finally {
            pending.decrementAndGet();
        }
    }
}
