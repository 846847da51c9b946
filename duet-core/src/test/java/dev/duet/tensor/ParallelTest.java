/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParallelTest {

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3, 5})
    void forRangeRunsEveryIndexExactlyOnce(int threads) {
        try (Parallel parallel = Parallel.of(threads)) {
            for (int n : new int[] {0, 1, 2, 5, 17, 100, 1001}) {
                for (int grain : new int[] {1, 3, 16, 2000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    AtomicIntegerArray misaligned = new AtomicIntegerArray(1);
                    parallel.forRange(n, grain, (from, to) -> {
                        if (from % grain != 0 || from >= to) {
                            misaligned.incrementAndGet(0);
                        }
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, hits.get(i), "index " + i + " of n=" + n + " grain=" + grain);
                    }
                    assertEquals(0, misaligned.get(0), "chunk not on a grain boundary, n=" + n + " grain=" + grain);
                }
            }
        }
    }

    @Test
    void forRangeUsesEveryThreadWhenThereIsEnoughWork() {
        try (Parallel parallel = Parallel.of(3)) {
            AtomicIntegerArray chunks = new AtomicIntegerArray(1);
            parallel.forRange(300, 1, (from, to) -> chunks.incrementAndGet(0));
            assertEquals(3, chunks.get(0));
        }
    }

    @Test
    void forRangeRethrowsAWorkersException() {
        try (Parallel parallel = Parallel.of(2)) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> parallel.forRange(10, 1, (from, to) -> {
                        if (from > 0) {
                            throw new IllegalStateException("boom " + from);
                        }
                    }));
            assertTrue(thrown.getMessage().startsWith("boom"));
        }
    }

    @Test
    void nestedAndConcurrentCallsCompleteAndCoverEveryIndex() throws InterruptedException {
        try (Parallel parallel = Parallel.of(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(40 * 50);
            Runnable job = () -> parallel.forRange(40, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int row = i;
                    parallel.forRange(50, 7, (innerFrom, innerTo) -> {
                        for (int j = innerFrom; j < innerTo; j++) {
                            hits.incrementAndGet(row * 50 + j);
                        }
                    });
                }
            });
            Thread other = new Thread(job);
            other.start();
            job.run();
            other.join();
            for (int i = 0; i < hits.length(); i++) {
                assertEquals(2, hits.get(i), "index " + i);
            }
        }
    }

    @Test
    void closedPoolRunsInTheCaller() {
        Parallel parallel = Parallel.of(2);
        parallel.close();
        AtomicIntegerArray hits = new AtomicIntegerArray(10);
        parallel.forRange(10, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 10; i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void serialIsOneThread() {
        assertEquals(1, Parallel.serial().threads());
        assertSame(Parallel.serial(), Parallel.of(1));
        assertThrows(IllegalArgumentException.class, () -> Parallel.of(0));
    }
}
