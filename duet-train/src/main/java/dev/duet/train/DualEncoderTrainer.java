/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The training loop of either family ({@link ModelParameters}: CLIP or SigLIP): per step a batch
 * from the source, loss and gradients ({@link ContrastiveObjective}: the family's loss over the
 * pairs, plus grounding when weighted), the optional pull towards the initial weights,
 * global-norm clipping, an AdamW update at the scheduled rate, the family's logit-scale clamp. Deterministic: the same parameters, options, source and thread count give
 * the same bits, and {@link #save}/{@link #resume} continue a run exactly.
 */
public final class DualEncoderTrainer {

    private final ModelParameters parameters;
    private final TrainingOptions options;
    private final Parallel parallel;
    private final ContrastiveObjective objective;
    private final ModelGradients gradients;
    private final boolean[] trainable;
    private final AdamW adamW;
    private final SeededRandom random;
    private final float[][] initial;   // per tensor, trainable ones only; null when the pull is off
    private long step;

    DualEncoderTrainer(ModelParameters parameters, TrainingOptions options, Parallel parallel, AdamW adamW,
                SeededRandom random, float[][] initial, long step) {
        this.parameters = parameters;
        this.options = options;
        this.parallel = parallel;
        this.objective = new ContrastiveObjective(parameters, options.text(), options.vision(),
                options.learnableLogitScale(), options.hardNegatives(), options.groundingWeight(),
                options.groundingTemperature());
        this.gradients = parameters.zeroGradients();
        this.trainable = trainableMask(parameters, options);
        this.adamW = adamW;
        this.random = random;
        this.initial = initial;
        this.step = step;
    }

    /** A new run from {@code parameters} (trained in place), step 0. */
    public static DualEncoderTrainer start(ModelParameters parameters, TrainingOptions options, Parallel parallel) {
        boolean[] mask = trainableMask(parameters, options);
        float[][] initial = null;
        if (options.pullToInitial() > 0) {
            initial = new float[mask.length][];
            List<ParameterTensor> tensors = parameters.tensors();
            for (int i = 0; i < mask.length; i++) {
                initial[i] = mask[i] ? tensors.get(i).values().clone() : null;
            }
        }
        return new DualEncoderTrainer(parameters, options, parallel, new AdamW(options.adamW(), mask.length),
                SeededRandom.seeded(options.seed()), initial, 0);
    }

    /** Continues the run saved in {@code directory} by {@link #save}. */
    public static DualEncoderTrainer resume(Path directory, TrainingOptions options, Parallel parallel) {
        return TrainingCheckpoint.read(directory, options, parallel);
    }

    /**
     * Writes the model in its family's layout (F32) plus {@code optimizer.safetensors} (moments,
     * initial weights) and {@code trainer_state.json} (step, random state, options).
     */
    public void save(Path directory) throws IOException {
        TrainingCheckpoint.write(directory, this);
    }

    public StepReport step(BatchSource source) {
        long started = System.nanoTime();
        Batch batch = source.next(step, random, parallel);
        List<ParameterTensor> parameterTensors = parameters.tensors();
        List<ParameterTensor> gradientTensors = gradients.tensors();
        for (int i = 0; i < trainable.length; i++) {
            if (trainable[i]) {
                Arrays.fill(gradientTensors.get(i).values(), 0f);
            }
        }
        ContrastiveObjective.Result result = objective.evaluate(parallel, batch, gradients);
        if (!Double.isFinite(result.loss())) {
            throw new IllegalStateException("training diverged at step " + (step + 1) + ": loss " + result.loss());
        }
        double penalty = pullTowardsInitial(parameterTensors, gradientTensors);
        double norm = globalNorm(gradientTensors);
        double limit = options.maxGradientNorm();
        if (limit > 0 && norm > limit) {
            float factor = (float) (limit / (norm + 1e-6));
            for (int i = 0; i < trainable.length; i++) {
                if (trainable[i]) {
                    float[] g = gradientTensors.get(i).values();
                    for (int k = 0; k < g.length; k++) {
                        g[k] *= factor;
                    }
                }
            }
        }
        double rate = options.schedule().rate(step);
        adamW.step(parallel, parameterTensors, gradientTensors, trainable, rate, step + 1);
        float[] scale = logitScale(parameterTensors);
        if (options.learnableLogitScale()) {
            scale[0] = Math.clamp(scale[0], 0f, parameters.maxLogitScale());
        }
        step++;
        double seconds = (System.nanoTime() - started) * 1e-9;
        int pairs = batch.pairs();
        RetrievalCounts counts = result.counts();
        double hardNegativeAccuracy = counts.hardNegatives() == 0 ? Double.NaN
                : (double) counts.hardNegativeWins() / counts.hardNegatives();
        return new StepReport(step, pairs, result.loss(), result.groundingLoss(), penalty, rate, norm, scale[0],
                logitBias(parameterTensors), (double) counts.imageToTextCorrect() / pairs, (double) counts.textToImageCorrect() / pairs,
                hardNegativeAccuracy, seconds, pairs / seconds);
    }

    /** The model's logit bias (SigLIP's), NaN when it has none (CLIP). */
    private static double logitBias(List<ParameterTensor> tensors) {
        for (ParameterTensor tensor : tensors) {
            if (tensor.role() == ParameterTensor.Role.LOGIT_BIAS) {
                return tensor.values()[0];
            }
        }
        return Double.NaN;
    }

    private static float[] logitScale(List<ParameterTensor> tensors) {
        for (ParameterTensor tensor : tensors) {
            if (tensor.role() == ParameterTensor.Role.LOGIT_SCALE) {
                return tensor.values();
            }
        }
        throw new IllegalStateException("the parameters hold no logit scale");
    }

    /** Adds {@code λ (θ - θ0)} to the gradients; returns {@code λ/2 |θ - θ0|^2}. */
    private double pullTowardsInitial(List<ParameterTensor> parameterTensors, List<ParameterTensor> gradientTensors) {
        if (initial == null) {
            return 0;
        }
        float coefficient = (float) options.pullToInitial();
        double squares = 0;
        for (int i = 0; i < trainable.length; i++) {
            if (!trainable[i]) {
                continue;
            }
            float[] p = parameterTensors.get(i).values();
            float[] g = gradientTensors.get(i).values();
            float[] p0 = initial[i];
            for (int k = 0; k < p.length; k++) {
                float difference = p[k] - p0[k];
                g[k] += coefficient * difference;
                squares += (double) difference * difference;
            }
        }
        return 0.5 * options.pullToInitial() * squares;
    }

    /**
     * The Euclidean norm of the trainable gradients. Summed in fixed chunks of {@link #NORM_CHUNK}
     * entries whose partial sums are added in order, so the split over threads cannot change it.
     */
    private double globalNorm(List<ParameterTensor> gradientTensors) {
        double squares = 0;
        for (int i = 0; i < trainable.length; i++) {
            if (!trainable[i]) {
                continue;
            }
            float[] g = gradientTensors.get(i).values();
            double[] partial = new double[(g.length + NORM_CHUNK - 1) / NORM_CHUNK];
            parallel.forRange(partial.length, 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    double sum = 0;
                    for (int k = c * NORM_CHUNK, end = Math.min(g.length, k + NORM_CHUNK); k < end; k++) {
                        sum += (double) g[k] * g[k];
                    }
                    partial[c] = sum;
                }
            });
            for (double sum : partial) {
                squares += sum;
            }
        }
        return Math.sqrt(squares);
    }

    private static final int NORM_CHUNK = 16384;

    /** Which of {@code parameters.tensors()} the options train. */
    static boolean[] trainableMask(ModelParameters parameters, TrainingOptions options) {
        List<ParameterTensor> tensors = parameters.tensors();
        boolean[] mask = new boolean[tensors.size()];
        for (int i = 0; i < mask.length; i++) {
            ParameterTensor tensor = tensors.get(i);
            TowerTraining training = switch (tensor.tower()) {
                case TEXT -> options.text();
                case VISION -> options.vision();
                case SHARED -> null;
            };
            int layers = parameters.layers(tensor.tower());
            mask[i] = switch (tensor.section()) {
                case EMBEDDINGS -> training.embeddings();
                case BLOCK -> training.trainsBlock(tensor.block(), layers);
                case HEAD -> training.head();
                case SCALE -> options.learnableLogitScale();
            };
        }
        return mask;
    }

    public ModelParameters parameters() {
        return parameters;
    }

    public TrainingOptions options() {
        return options;
    }

    /** The number of steps taken so far. */
    public long step() {
        return step;
    }

    AdamW adamW() {
        return adamW;
    }

    SeededRandom random() {
        return random;
    }

    float[][] initial() {
        return initial;
    }
}
