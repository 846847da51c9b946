/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of worker threads that kernels split their work over. Passed in explicitly
 * (never chosen by system properties) so that callers decide how many cores a job uses.
 *
 * <p>Each worker owns one slot; {@link #forRange} writes a chunk into the slots, wakes the
 * workers and runs the first chunk itself. Between jobs a worker spins for a few tens of
 * microseconds before it parks, so that the back-to-back calls of a forward pass hand work
 * over in about a microsecond instead of the tens that waking a parked thread costs. A call
 * made while the workers are busy (from another thread, or from inside a body) runs serially
 * in its caller rather than waiting.
 */
public final class Parallel implements AutoCloseable {

    /** Body of a parallel loop over the half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        /**
         * Runs the loop's body for indices [from, to).
         *
         * @param from the first index
         * @param to   the index after the last
         */
        void run(int from, int to);
    }

    /** How long an idle worker, or a caller waiting for its workers, spins before parking. */
    private static final long SPIN_NANOS = 50_000;

    private static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread caller;
    private volatile boolean closed;

    private Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker();
            Thread thread = new Thread(workers[i], "duet-compute-" + (i + 1));
            thread.setDaemon(true);
            workers[i].thread = thread;
            thread.start();
        }
    }

    /**
     * {@return a pool with {@code threads} workers, the calling thread one of them (for 1, the shared serial one)}
     *
     * @param threads at least 1
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static Parallel of(int threads) {
        return threads == 1 ? SERIAL : new Parallel(threads);
    }

    /** {@return a pool with one worker per available processor} */
    public static Parallel allCores() {
        return of(Runtime.getRuntime().availableProcessors());
    }

    /** {@return the shared pool of one: everything runs on the calling thread; closing it does nothing} */
    public static Parallel serial() {
        return SERIAL;
    }

    /** {@return the number of threads a loop is split over, the caller's included} */
    public int threads() {
        return threads;
    }

    /**
     * Splits [0, n) into at most {@code threads} contiguous chunks, each a multiple of
     * {@code grain} (except the last), and runs them concurrently; the caller runs the first.
     * An exception thrown by any chunk is rethrown here after every chunk has finished. After
     * {@link #close} the whole range runs in the caller.
     *
     * @param n     the loop's length
     * @param grain the smallest chunk worth a thread, at least 1
     * @param body  the loop's body
     * @throws IllegalArgumentException if {@code grain} is below 1
     */
    public void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be >= 1, got " + grain);
        }
        int units = (n + grain - 1) / grain;
        int parts = Math.min(threads, units);
        if (parts <= 1 || busy.isHeldByCurrentThread() || !busy.tryLock()) {
            body.run(0, n);
            return;
        }
        try {
            if (closed) {
                body.run(0, n);
            } else {
                runParts(n, grain, units, parts, body);
            }
        } finally {
            busy.unlock();
        }
    }

    private void runParts(int n, int grain, int units, int parts, RangeBody body) {
        int unitsPerPart = units / parts;
        int extra = units % parts;
        int firstEnd = Math.min(n, (unitsPerPart + (extra > 0 ? 1 : 0)) * grain);
        caller = Thread.currentThread();
        pending.set(parts - 1);
        int start = firstEnd;
        for (int part = 1; part < parts; part++) {
            int end = Math.min(n, start + (unitsPerPart + (part < extra ? 1 : 0)) * grain);
            workers[part - 1].hand(body, start, end);
            start = end;
        }
        Throwable failure = null;
        try {
            body.run(0, firstEnd);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        awaitWorkers();
        for (int part = 1; part < parts; part++) {
            Throwable thrown = workers[part - 1].takeFailure();
            if (failure == null) {
                failure = thrown;
            }
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }

    private void awaitWorkers() {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (pending.get() > 0) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** Stops the workers once a running {@link #forRange} has finished. */
    @Override
    public void close() {
        if (this == SERIAL) {
            return;
        }
        busy.lock();
        try {
            closed = true;
        } finally {
            busy.unlock();
        }
        for (Worker worker : workers) {
            LockSupport.unpark(worker.thread);
        }
    }

    /** One pool thread and the chunk it was handed; {@code epoch} publishes a new chunk. */
    private final class Worker implements Runnable {
        private Thread thread;
        private RangeBody body;
        private int from;
        private int to;
        private Throwable failure;
        private volatile int epoch;

        void hand(RangeBody nextBody, int nextFrom, int nextTo) {
            body = nextBody;
            from = nextFrom;
            to = nextTo;
            epoch = epoch + 1;
            LockSupport.unpark(thread);
        }

        Throwable takeFailure() {
            Throwable thrown = failure;
            failure = null;
            return thrown;
        }

        @Override
        public void run() {
            int seen = 0;
            while (!closed) {
                if (!awaitEpoch(seen)) {
                    continue;
                }
                seen = epoch;
                try {
                    body.run(from, to);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                body = null;
                if (pending.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Spins, then parks, until a chunk newer than {@code seen} arrives; false if woken otherwise. */
        private boolean awaitEpoch(int seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (epoch == seen) {
                if (closed) {
                    return false;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    return epoch != seen;
                }
            }
            return true;
        }
    }
}
