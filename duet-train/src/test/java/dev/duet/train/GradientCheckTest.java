/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every parameter tensor of both towers and the logit scale against central differences of the
 * training loss, the loss evaluated by the inference encoders: the contrastive loss (with hard
 * negatives), and the contrastive plus the grounding loss, whose gradient enters the vision tower
 * through the patch rows' head and the patch rows of the last block.
 * Differences are taken in float32 with a Richardson-extrapolated central difference (error
 * O(h^4)) at h = 1e-2; float rounding of the loss leaves them ~5e-5 of absolute noise.
 * Per tensor: a few single entries (the largest and random ones, which catch misplaced
 * entries), and the derivative along the analytic gradient's own direction, which must equal
 * its norm: a large signal, so it catches a gradient that is off by a fraction of a percent.
 */
class GradientCheckTest {

    private static final int RANDOM_ENTRIES = 3;
    private static final double GROUNDING_WEIGHT = 1.5;
    private static final double GROUNDING_TEMPERATURE = GroundingLoss.DEFAULT_TEMPERATURE;

    @Test
    void everyParameterTensorMatchesCentralDifferences() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 42);
        Batch batch = TinyModels.batch(spec, 7);
        check(parameters, batch, 0, () -> TinyModels.inferenceLoss(parameters, batch, true));
    }

    /** Captions that the text tower runs in several groups by length: gradients summed over the groups. */
    @Test
    void captionsOfMixedLengthsMatchCentralDifferences() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 45);
        Batch batch = TinyModels.mixedLengthBatch(spec, 10);
        List<int[]> sequences = new ArrayList<>(batch.captions());
        batch.negatives().forEach(negative -> sequences.add(negative.tokens()));
        int[] lengths = sequences.stream().mapToInt(sequence -> sequence.length).toArray();
        assertTrue(LengthBuckets.of(lengths).size() > 1, "the batch must split into groups");
        check(parameters, batch, 0, () -> TinyModels.inferenceLoss(parameters, batch, true));
    }

    @Test
    void withGroundingEveryParameterTensorMatchesCentralDifferences() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 43);
        Batch batch = TinyModels.groundedBatch(spec, 8);
        check(parameters, batch, GROUNDING_WEIGHT, () -> TinyModels.inferenceLoss(parameters, batch, true)
                + TinyModels.inferenceGroundingLoss(parameters, batch, GROUNDING_WEIGHT, GROUNDING_TEMPERATURE));
    }

    /**
     * The grounding part alone (the gradient with grounding minus the one without) against
     * differences of the inference grounding loss: nothing of the contrastive gradient hides an
     * error in the patch rows' path. The logit scale does not enter the grounding loss.
     */
    @Test
    void groundingGradientAloneMatchesCentralDifferences() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 44);
        Batch batch = TinyModels.groundedBatch(spec, 9);
        ModelGradients grounded = gradients(parameters, batch, GROUNDING_WEIGHT);
        List<ParameterTensor> without = gradients(parameters, batch, 0).tensors();
        List<ParameterTensor> difference = grounded.tensors();
        for (int t = 0; t < difference.size(); t++) {
            float[] g = difference.get(t).values();
            float[] contrastive = without.get(t).values();
            for (int i = 0; i < g.length; i++) {
                g[i] -= contrastive[i];
            }
        }
        // zero up to rounding: with patch embeddings the vision tower's top block runs on every row, without
        // them on the CLS row alone, so the two contrastive gradients may differ in their last bits
        assertArrayEquals(new float[1], grounded.logitScale(), 1e-6f);
        List<String> failures = compare(parameters, grounded,
                () -> TinyModels.inferenceGroundingLoss(parameters, batch, GROUNDING_WEIGHT, GROUNDING_TEMPERATURE),
                tensor -> tensor.tower() != ParameterTensor.Tower.SHARED);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static void check(ClipParameters parameters, Batch batch, double groundingWeight, DoubleSupplier referenceLoss) {
        ModelGradients gradients = parameters.zeroGradients();
        ContrastiveObjective objective = new ContrastiveObjective(parameters, TowerTraining.all(), TowerTraining.all(),
                true, true, groundingWeight, GROUNDING_TEMPERATURE);
        try (Parallel parallel = Parallel.of(2)) {
            ContrastiveObjective.Result result = objective.evaluate(parallel, batch, gradients);
            double reference = referenceLoss.getAsDouble();
            assertTrue(Math.abs(result.loss() - reference) < 1e-5, "training forward " + result.loss() + " vs inference "
                    + reference);
            assertTrue(groundingWeight == 0 || result.groundingLoss() > 0.1, "grounding loss " + result.groundingLoss()
                    + " is too small to matter");
        }
        List<String> failures = compare(parameters, gradients, referenceLoss, tensor -> true);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static ModelGradients gradients(ClipParameters parameters, Batch batch, double groundingWeight) {
        ModelGradients gradients = parameters.zeroGradients();
        new ContrastiveObjective(parameters, TowerTraining.all(), TowerTraining.all(), true, true, groundingWeight,
                GROUNDING_TEMPERATURE).evaluate(Parallel.serial(), batch, gradients);
        return gradients;
    }

    /** Each checked tensor of {@code gradients} against differences of {@code referenceLoss}; the failures. */
    static List<String> compare(ModelParameters parameters, ModelGradients gradients, DoubleSupplier referenceLoss,
                                Predicate<ParameterTensor> checked) {
        SeededRandom random = SeededRandom.seeded(3);
        List<String> failures = new ArrayList<>();
        List<ParameterTensor> values = parameters.tensors();
        List<ParameterTensor> analytic = gradients.tensors();
        for (int t = 0; t < values.size(); t++) {
            if (!checked.test(values.get(t))) {
                continue;
            }
            float[] parameter = values.get(t).values();
            float[] gradient = analytic.get(t).values();
            double largest = 0;
            int argmax = 0;
            for (int i = 0; i < gradient.length; i++) {
                if (Math.abs(gradient[i]) > largest) {
                    largest = Math.abs(gradient[i]);
                    argmax = i;
                }
            }
            assertTrue(largest > 1e-6, values.get(t).name() + " has an all-zero gradient");
            double directional = directionalDifference(referenceLoss, parameter, gradient);
            double norm = norm(gradient);
            if (!(Math.abs(directional - norm) <= 2e-3 * norm + 1e-4)) {
                failures.add(String.format("%s: gradient norm %.6g, derivative along it %.6g", values.get(t).name(),
                        norm, directional));
            }
            for (int sample = 0; sample <= RANDOM_ENTRIES; sample++) {
                int index = sample == 0 ? argmax : random.nextInt(parameter.length);
                double numeric = difference(referenceLoss, parameter, index);
                double error = Math.abs(numeric - gradient[index]);
                double tolerance = 1e-2 * Math.abs(numeric) + 1e-3 * largest + 1e-5;
                if (!(error <= tolerance)) {
                    failures.add(String.format("%s[%d]: analytic %.6g numeric %.6g", values.get(t).name(), index,
                            gradient[index], numeric));
                }
            }
        }
        return failures;
    }

    /** The derivative of the loss along {@code gradient / |gradient|}, by differences. */
    private static double directionalDifference(DoubleSupplier loss, float[] parameter, float[] gradient) {
        float[] saved = parameter.clone();
        double norm = norm(gradient);
        double h = 1e-2;
        double[] estimates = new double[2];
        for (int k = 0; k < 2; k++) {
            double step = h / (1 << k);
            double[] losses = new double[2];
            for (int side = 0; side < 2; side++) {
                double signed = side == 0 ? step : -step;
                for (int i = 0; i < parameter.length; i++) {
                    parameter[i] = (float) (saved[i] + signed * gradient[i] / norm);
                }
                losses[side] = loss.getAsDouble();
            }
            estimates[k] = (losses[0] - losses[1]) / (2 * step);
        }
        System.arraycopy(saved, 0, parameter, 0, parameter.length);
        return (4 * estimates[1] - estimates[0]) / 3;
    }

    private static double norm(float[] values) {
        double squares = 0;
        for (float v : values) {
            squares += (double) v * v;
        }
        return Math.sqrt(squares);
    }

    private static double difference(DoubleSupplier loss, float[] parameter, int index) {
        float saved = parameter[index];
        double h = 1e-2;
        double[] estimates = new double[2];
        for (int k = 0; k < 2; k++) {
            float step = (float) (h / (1 << k));
            parameter[index] = saved + step;
            double plus = loss.getAsDouble();
            parameter[index] = saved - step;
            double minus = loss.getAsDouble();
            estimates[k] = (plus - minus) / ((double) (saved + step) - (double) (saved - step));
        }
        parameter[index] = saved;
        return (4 * estimates[1] - estimates[0]) / 3;
    }
}
