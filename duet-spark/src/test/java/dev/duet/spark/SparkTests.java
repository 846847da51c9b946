/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the Spark tests share: a local session, the fixtures, the tiny model's settings. */
final class SparkTests {

    private SparkTests() {
    }

    /**
     * The tests' one local session (Spark starts in seconds, so every test class shares it, and
     * the JVM's exit stops it): two threads, and a failed task is tried twice in all, so a task
     * that fails once is retried and one that always fails ends its job.
     */
    static synchronized SparkSession session() {
        return SparkSession.builder()
                .master("local[2,2]")
                .appName("duet-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                // the tests' queries touch a few rows: compiling them to bytecode and re-planning them
                // between stages costs more than it saves (Duet's work is in mapPartitions either way)
                .config("spark.sql.codegen.wholeStage", "false")
                .config("spark.sql.adaptive.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    static Path fixtures() {
        String shared = System.getProperty("duet.shared");
        if (shared == null) {
            throw new IllegalStateException("system property duet.shared is not set (surefire sets it)");
        }
        Path root = Path.of(shared, "fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("fixtures not found at " + root);
        }
        return root;
    }

    static Path tinyModel() {
        return fixtures().resolve("models/tiny");
    }

    /** Gauss-Legendre with 4 nodes at the last block's input: quick, and the same rule on both paths. */
    static JobSettings tinySettings(int threadsPerTask) {
        return JobSettings.resolve(tinyModel(), null, null, Quadrature.GAUSS_LEGENDRE, 4, 1e-3, Normalization.EXACT, 1,
                JobSettings.Reference.mean(), threadsPerTask);
    }
}
