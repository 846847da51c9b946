/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.AtomicFiles;
import dev.duet.tensor.Parallel;
import dev.duet.world.SceneGenerator;
import dev.duet.world.WorldGenerator;
import dev.duet.world.WorldSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How fast the synthetic world is made on one thread, 64 px scenes of the standard world: in memory
 * (scenes with their captions, best of 3 rounds of 4,000 after the JIT has compiled the loops) and
 * written as PNG + COCO JSON (2,000 scenes after a warm-up of 500).
 * Usage: {@code WorldBenchmark SCRATCH_DIR} (a folder it may fill and empty).
 */
public final class WorldBenchmark {

    private static final int IN_MEMORY = 4000;
    private static final int WRITTEN = 2000;

    private WorldBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path scratch = Files.createDirectories(Path.of(args[0]));
        WorldSpec spec = WorldSpec.standard().withImageSize(64);
        SceneGenerator generator = new SceneGenerator(spec);
        double best = 0;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            long captions = generator.scenes(round, 0, IN_MEMORY).mapToLong(scene -> scene.captions().size()).sum();
            best = Math.max(best, IN_MEMORY / Measurements.since(start));
            if (captions <= IN_MEMORY) {
                throw new IllegalStateException("every scene has more than one caption, got " + captions);
            }
        }
        WorldGenerator.write(scratch.resolve("warm"), spec, 500, 1, Parallel.serial());
        long start = System.nanoTime();
        WorldGenerator.write(scratch.resolve("world"), spec, WRITTEN, 2, Parallel.serial());
        double written = WRITTEN / Measurements.since(start);
        AtomicFiles.deleteTree(scratch.resolve("warm"));
        AtomicFiles.deleteTree(scratch.resolve("world"));
        System.out.println("| 64 px scenes, 1 thread | per second |");
        System.out.println("|---|---|");
        System.out.printf(Locale.ROOT, "| in memory, with captions (best of 3 rounds of %d) | %.0f |%n", IN_MEMORY, best);
        System.out.printf(Locale.ROOT, "| written as PNG + COCO JSON (%d after 500 to warm up) | %.0f |%n", WRITTEN, written);
    }
}
