/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.data.CocoDataset;
import dev.duet.tensor.Parallel;
import dev.duet.world.WorldGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/**
 * Writes scenes of the synthetic grounded world as a COCO data set (images, captions with hard
 * negatives, instances with boxes and the caption spans that name them), the data {@code train}
 * draws from. The folder appears whole or not at all.
 */
@Command(name = "world", description = "Write scenes of the synthetic grounded world as a COCO data set "
        + "(images/, captions.json, instances.json with boxes and caption spans).")
final class WorldCommand implements Callable<Integer> {

    /** Scenes one call may write: 10^6 64-px scenes are about 10 GB of PNGs. */
    private static final int MAX_SCENES = 1_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "a folder that does not exist yet")
    Path out;

    @Option(names = "--count", required = true, paramLabel = "N", description = "scenes to write (1.." + MAX_SCENES + ")")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "same seed, same bytes (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--world", defaultValue = "standard", description = WorldChoice.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
    WorldChoice world;

    @Option(names = "--image-size", defaultValue = "64", paramLabel = "PX", description = "side of the square scenes, 32..1024 (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > MAX_SCENES) {
            throw new BadInputException(null, "--count must be in 1.." + MAX_SCENES + ", got " + count);
        }
        if (imageSize < 32 || imageSize > 1024) {
            throw new BadInputException(null, "--image-size must be in 32..1024, got " + imageSize);
        }
        Path target = out.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new BadInputException(target, "already exists; name a new folder");
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException(target, "its parent folder does not exist");
        }
        // a run killed before its move leaves its hidden partial folder: clear those of this target first
        try (var leftovers = Files.newDirectoryStream(parent, "." + target.getFileName() + ".partial-*")) {
            for (Path leftover : leftovers) {
                AtomicFiles.deleteTree(leftover);
            }
        }
        Path partial = Files.createTempDirectory(parent, "." + target.getFileName() + ".partial-");
        try {
            CocoDataset dataset;
            try (Parallel parallel = Parallel.allCores()) {
                dataset = WorldGenerator.write(partial, world.spec(imageSize), count, seed, parallel);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getOut().printf("wrote %d scenes, %d captions, %d objects to %s%n",
                    dataset.images().size(), dataset.captions().size(), dataset.instances().size(), target);
            return 0;
        } finally {
            AtomicFiles.deleteTree(partial);
        }
    }
}
