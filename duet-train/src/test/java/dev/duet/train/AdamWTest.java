/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** AdamW updates against the formulas of Loshchilov and Hutter written out for two steps. */
class AdamWTest {

    @Test
    void twoStepsFollowTheFormulas() {
        AdamW.Options options = new AdamW.Options(0.9, 0.98, 1e-6, 0.2);
        float[] weight = {0.5f, -1.0f};
        float[] bias = {0.25f};
        List<ParameterTensor> parameters = List.of(tensor(weight, ParameterTensor.Role.WEIGHT),
                tensor(bias, ParameterTensor.Role.BIAS));
        float[] gWeight = {0.1f, -0.3f};
        float[] gBias = {0.2f};
        List<ParameterTensor> gradients = List.of(tensor(gWeight, ParameterTensor.Role.WEIGHT),
                tensor(gBias, ParameterTensor.Role.BIAS));
        AdamW adamW = new AdamW(options, 2);
        double lr = 0.01;
        double[] p = {0.5, -1.0, 0.25};
        double[] m = new double[3];
        double[] v = new double[3];
        double[][] g = {{0.1, -0.3, 0.2}, {-0.05, 0.4, 0.1}};
        for (int t = 1; t <= 2; t++) {
            gWeight[0] = (float) g[t - 1][0];
            gWeight[1] = (float) g[t - 1][1];
            gBias[0] = (float) g[t - 1][2];
            adamW.step(Parallel.serial(), parameters, gradients, new boolean[] {true, true}, lr, t);
            for (int i = 0; i < 3; i++) {
                boolean decays = i < 2;
                m[i] = 0.9 * m[i] + 0.1 * g[t - 1][i];
                v[i] = 0.98 * v[i] + 0.02 * g[t - 1][i] * g[t - 1][i];
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.98, t));
                p[i] = p[i] * (decays ? 1 - lr * 0.2 : 1) - lr * mHat / (Math.sqrt(vHat) + 1e-6);
            }
            assertEquals(p[0], weight[0], 1e-6);
            assertEquals(p[1], weight[1], 1e-6);
            assertEquals(p[2], bias[0], 1e-6, "bias: no weight decay");
        }
    }

    @Test
    void frozenTensorsAreNotTouched() {
        float[] weight = {0.5f};
        AdamW adamW = new AdamW(AdamW.Options.clip(), 1);
        adamW.step(Parallel.serial(), List.of(tensor(weight, ParameterTensor.Role.WEIGHT)),
                List.of(tensor(new float[] {1f}, ParameterTensor.Role.WEIGHT)), new boolean[] {false}, 0.1, 1);
        assertEquals(0.5f, weight[0]);
        assertEquals(null, adamW.firstMoment(0));
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysExponentially() {
        LearningRateSchedule schedule = LearningRateSchedule.warmupThenDecay(1e-3, 4, 104, 0.01);
        assertEquals(0.25e-3, schedule.rate(0), 1e-12);
        assertEquals(1e-3, schedule.rate(3), 1e-12);
        assertEquals(1e-3, schedule.rate(4), 1e-12);
        assertEquals(1e-5, schedule.rate(104), 1e-12);
        assertEquals(1e-4, schedule.rate(54), 1e-12);
    }

    private static ParameterTensor tensor(float[] values, ParameterTensor.Role role) {
        return new ParameterTensor("t", values, new long[] {values.length}, role, ParameterTensor.Tower.TEXT,
                ParameterTensor.Section.BLOCK, 0);
    }
}
