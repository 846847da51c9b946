package dev.duet.train;

/** Told about every training step (the CLI draws a progress bar from these). */
@FunctionalInterface
public interface TrainingListener {

    void onStep(StepReport report);

    static TrainingListener none() {
        return report -> { };
    }
}
