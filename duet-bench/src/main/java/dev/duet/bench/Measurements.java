/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/** Timing helpers: warm-up, best and median of runs, peak resident memory of this process. */
public final class Measurements {

    private Measurements() {
    }

    /** Runs {@code body} (which returns its own seconds) {@code runs} times after warm-up; sorted seconds. */
    public static double[] seconds(int warmups, int runs, DoubleSupplier body) {
        for (int i = 0; i < warmups; i++) {
            body.getAsDouble();
        }
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            seconds[i] = body.getAsDouble();
        }
        Arrays.sort(seconds);
        return seconds;
    }

    public static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    /** VmHWM of /proc/self/status in MiB (peak resident set), or -1 where unavailable. */
    public static double peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    public static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** {@return the seconds {@code work} took} */
    public static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return since(start);
    }

    /** Prints {@code WORKLOAD SECONDS}, the median of {@code runs} timed runs after {@code warmups}: the peers' line format. */
    public static void printMedian(String workload, int warmups, int runs, DoubleSupplier body) {
        System.out.printf(java.util.Locale.ROOT, "%s %.5f%n", workload, median(seconds(warmups, runs, body)));
    }
}
