/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;

/**
 * Where training batches come from (a synthetic world, a data set). A source must draw all its
 * randomness from the stream it is given: the trainer stores that stream's state in its
 * checkpoints, so a resumed run sees the same batches as an uninterrupted one. It may make the
 * batch on the trainer's threads, and its batch must not depend on how many there are. {@link WorldBatches} and
 * {@link DatasetBatches} are the two sources.
 */
@FunctionalInterface
public interface BatchSource {

    /** The batch of training step {@code step} (0-based). */
    Batch next(long step, SeededRandom random, Parallel parallel);
}
