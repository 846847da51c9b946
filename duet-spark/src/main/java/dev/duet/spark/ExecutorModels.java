/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.BadInputException;
import dev.duet.model.DualEncoder;
import dev.duet.model.ModelChecksum;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One loaded model per executor JVM and checkpoint path: the first task that needs it loads it
 * (the others of that JVM wait for it, {@link ConcurrentHashMap#computeIfAbsent}), and every later
 * task of the JVM reuses it. The model's weights are immutable and Duet's kernels keep their
 * scratch space per thread, so concurrent tasks share it. Before loading, the executor's copy of
 * the files is checksummed against the driver's: a node with other files refuses to compute.
 */
public final class ExecutorModels {

    private static final Map<String, DualEncoder> MODELS = new ConcurrentHashMap<>();

    private ExecutorModels() {
    }

    public static DualEncoder model(JobSettings settings) {
        return MODELS.computeIfAbsent(settings.modelDirectory() + "\n" + settings.modelSha256(), key -> load(settings));
    }

    private static DualEncoder load(JobSettings settings) {
        Path directory = Path.of(settings.modelDirectory());
        String here = ModelChecksum.of(directory);
        if (!here.equals(settings.modelSha256())) {
            throw new BadInputException(directory, "this executor's checkpoint files (sha256 " + here
                    + ") differ from the driver's (" + settings.modelSha256() + ")");
        }
        return DualEncoder.load(directory);
    }
}
