/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.ClipConfig;

import java.util.Arrays;

/**
 * CLIP-like random initialisation of a new model, reproducible from a seed: weights and
 * embeddings normal(0, 0.02), biases 0, LayerNorm gains 1 and biases 0, logit scale ln(1/0.07).
 */
public final class ClipInitializer {

    public static final double WEIGHT_STD = 0.02;

    private ClipInitializer() {
    }

    public static ClipParameters initialize(ClipConfig config, long seed) {
        ClipParameters parameters = ClipParameters.zeros(config);
        SeededRandom random = SeededRandom.seeded(seed);
        for (ParameterTensor tensor : parameters.tensors()) {
            // one stream per tensor: a tensor's values do not depend on the sizes of those before it
            SeededRandom stream = random.split();
            float[] values = tensor.values();
            switch (tensor.role()) {
                case WEIGHT, EMBEDDING -> {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) (WEIGHT_STD * stream.nextGaussian());
                    }
                }
                case NORM_GAIN -> Arrays.fill(values, 1f);
                case BIAS, NORM_BIAS -> Arrays.fill(values, 0f);
                case LOGIT_SCALE -> values[0] = ModelSpec.INITIAL_LOGIT_SCALE;
            }
        }
        return parameters;
    }
}
