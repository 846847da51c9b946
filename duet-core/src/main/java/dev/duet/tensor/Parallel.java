package dev.duet.tensor;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A fixed set of worker threads that kernels split their work over. Passed in explicitly
 * (never chosen by system properties) so that callers decide how many cores a job uses.
 */
public final class Parallel implements AutoCloseable {

    /** Body of a parallel loop over the half-open index range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final ExecutorService pool;

    private Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, runnable -> {
            Thread thread = new Thread(runnable, "duet-compute");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A pool with {@code threads} workers (the calling thread is one of them). */
    public static Parallel of(int threads) {
        return threads == 1 ? SERIAL : new Parallel(threads);
    }

    /** One worker per available core. */
    public static Parallel allCores() {
        return of(Runtime.getRuntime().availableProcessors());
    }

    public static Parallel serial() {
        return SERIAL;
    }

    public int threads() {
        return threads;
    }

    /**
     * Splits [0, n) into at most {@code threads} contiguous chunks, each a multiple of
     * {@code grain} (except the last), and runs them concurrently; the caller runs the first.
     */
    public void forRange(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int units = (n + grain - 1) / grain;
        int parts = Math.min(threads, units);
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        List<Future<?>> futures = new ArrayList<>(parts - 1);
        int unitsPerPart = units / parts;
        int extra = units % parts;
        int start = 0;
        int firstEnd = 0;
        for (int part = 0; part < parts; part++) {
            int partUnits = unitsPerPart + (part < extra ? 1 : 0);
            int end = Math.min(n, start + partUnits * grain);
            if (part == 0) {
                firstEnd = end;
            } else {
                int from = start;
                int to = end;
                futures.add(pool.submit(() -> body.run(from, to)));
            }
            start = end;
        }
        body.run(0, firstEnd);
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
