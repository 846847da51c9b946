package dev.duet.train;

import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every parameter tensor of both towers and the logit scale against central differences of the
 * contrastive loss (with hard negatives), the loss evaluated by the inference encoders.
 * Differences are taken in float32 with a Richardson-extrapolated central difference (error
 * O(h^4)) at h = 1e-2; float rounding of the loss leaves them ~5e-5 of absolute noise.
 * Per tensor: a few single entries (the largest and random ones, which catch misplaced
 * entries), and the derivative along the analytic gradient's own direction, which must equal
 * its norm: a large signal, so it catches a gradient that is off by a fraction of a percent.
 */
class GradientCheckTest {

    private static final int RANDOM_ENTRIES = 3;

    @Test
    void everyParameterTensorMatchesCentralDifferences() {
        ModelSpec spec = TinyModels.spec();
        ClipParameters parameters = TinyModels.randomized(spec, 42);
        Batch batch = TinyModels.batch(spec, 7);
        ClipGradients gradients = ClipGradients.zeros(parameters.config());
        ContrastiveObjective objective = new ContrastiveObjective(parameters, TowerTraining.all(), TowerTraining.all(),
                true, true);
        try (Parallel parallel = Parallel.of(2)) {
            double loss = objective.evaluate(parallel, batch, gradients).loss();
            double reference = TinyModels.inferenceLoss(parameters, batch, true);
            assertTrue(Math.abs(loss - reference) < 1e-5, "training forward " + loss + " vs inference " + reference);
        }
        SeededRandom random = SeededRandom.seeded(3);
        List<String> failures = new ArrayList<>();
        List<ParameterTensor> values = parameters.tensors();
        List<ParameterTensor> analytic = gradients.tensors();
        for (int t = 0; t < values.size(); t++) {
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
            double directional = directionalDifference(parameters, batch, parameter, gradient);
            double norm = norm(gradient);
            if (!(Math.abs(directional - norm) <= 2e-3 * norm + 1e-4)) {
                failures.add(String.format("%s: gradient norm %.6g, derivative along it %.6g", values.get(t).name(),
                        norm, directional));
            }
            for (int sample = 0; sample <= RANDOM_ENTRIES; sample++) {
                int index = sample == 0 ? argmax : random.nextInt(parameter.length);
                double numeric = difference(parameters, batch, parameter, index);
                double error = Math.abs(numeric - gradient[index]);
                double tolerance = 1e-2 * Math.abs(numeric) + 1e-3 * largest + 1e-5;
                if (!(error <= tolerance)) {
                    failures.add(String.format("%s[%d]: analytic %.6g numeric %.6g", values.get(t).name(), index,
                            gradient[index], numeric));
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** The derivative of the loss along {@code gradient / |gradient|}, by differences. */
    private static double directionalDifference(ClipParameters parameters, Batch batch, float[] parameter,
                                                float[] gradient) {
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
                losses[side] = TinyModels.inferenceLoss(parameters, batch, true);
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

    private static double difference(ClipParameters parameters, Batch batch, float[] parameter, int index) {
        float saved = parameter[index];
        double h = 1e-2;
        double[] estimates = new double[2];
        for (int k = 0; k < 2; k++) {
            float step = (float) (h / (1 << k));
            parameter[index] = saved + step;
            double plus = TinyModels.inferenceLoss(parameters, batch, true);
            parameter[index] = saved - step;
            double minus = TinyModels.inferenceLoss(parameters, batch, true);
            estimates[k] = (plus - minus) / ((double) (saved + step) - (double) (saved - step));
        }
        parameter[index] = saved;
        return (4 * estimates[1] - estimates[0]) / 3;
    }
}
