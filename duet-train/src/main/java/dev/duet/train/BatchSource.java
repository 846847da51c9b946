package dev.duet.train;

/**
 * Where training batches come from (a synthetic world, a data set). A source must draw all its
 * randomness from the stream it is given: the trainer stores that stream's state in its
 * checkpoints, so a resumed run sees the same batches as an uninterrupted one.
 */
@FunctionalInterface
public interface BatchSource {

    /** The batch of training step {@code step} (0-based). */
    Batch next(long step, SeededRandom random);
}
