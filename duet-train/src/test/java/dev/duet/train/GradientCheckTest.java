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
 * O(h^4)) at h = 1e-2, which keeps float rounding of the loss (~1e-6) well below the tolerance.
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
