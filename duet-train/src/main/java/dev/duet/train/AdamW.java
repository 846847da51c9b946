/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, ICLR 2019), as PyTorch's AdamW:
 * {@code p -= lr * wd * p} for decaying parameters, then {@code p -= lr * m^ / (sqrt(v^) + eps)}
 * with bias-corrected moments {@code m^ = m / (1 - b1^t)}, {@code v^ = v / (1 - b2^t)}.
 * Only {@link ParameterTensor.Role#WEIGHT} tensors decay (not LayerNorm, biases, embeddings,
 * the logit scale). Moments are allocated the first time a tensor is updated, so frozen
 * tensors cost no memory.
 */
public final class AdamW {

    /** Entries per chunk handed to a worker. */
    private static final int GRAIN = 16384;

    /** CLIP's settings by default: betas (0.9, 0.98), eps 1e-6, weight decay 0.2. */
    public record Options(double beta1, double beta2, double epsilon, double weightDecay) {
        public Options {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("epsilon must be positive and weight decay >= 0");
            }
        }

        public static Options clip() {
            return new Options(0.9, 0.98, 1e-6, 0.2);
        }
    }

    private final Options options;
    private final float[][] firstMoments;
    private final float[][] secondMoments;

    /** Fresh moments (all zero) for {@code tensors} parameters. */
    public AdamW(Options options, int tensors) {
        this.options = options;
        this.firstMoments = new float[tensors][];
        this.secondMoments = new float[tensors][];
    }

    public Options options() {
        return options;
    }

    /**
     * Updates {@code parameters.get(i)} from {@code gradients.get(i)} for every i with
     * {@code trainable[i]}; {@code t} is the 1-based number of this update (for bias correction).
     */
    public void step(Parallel parallel, List<ParameterTensor> parameters, List<ParameterTensor> gradients,
                     boolean[] trainable, double learningRate, long t) {
        float beta1 = (float) options.beta1();
        float beta2 = (float) options.beta2();
        float correction1 = (float) (1 - Math.pow(options.beta1(), t));
        float correction2 = (float) (1 - Math.pow(options.beta2(), t));
        float epsilon = (float) options.epsilon();
        float rate = (float) learningRate;
        for (int i = 0; i < parameters.size(); i++) {
            if (!trainable[i]) {
                continue;
            }
            ParameterTensor parameter = parameters.get(i);
            float[] p = parameter.values();
            float[] g = gradients.get(i).values();
            float[] m = moment(firstMoments, i, p.length);
            float[] v = moment(secondMoments, i, p.length);
            float keep = parameter.role().decays() ? (float) (1 - learningRate * options.weightDecay()) : 1f;
            // element by element: the split over threads cannot change a bit
            parallel.forRange(p.length, GRAIN, (from, to) -> {
                for (int k = from; k < to; k++) {
                    m[k] = beta1 * m[k] + (1 - beta1) * g[k];
                    v[k] = beta2 * v[k] + (1 - beta2) * g[k] * g[k];
                    float mHat = m[k] / correction1;
                    float vHat = v[k] / correction2;
                    p[k] = p[k] * keep - rate * mHat / ((float) Math.sqrt(vHat) + epsilon);
                }
            });
        }
    }

    private static float[] moment(float[][] moments, int index, int length) {
        if (moments[index] == null) {
            moments[index] = new float[length];
        }
        return moments[index];
    }

    /** The first moment of tensor {@code index}, or null while it has never been updated. */
    public float[] firstMoment(int index) {
        return firstMoments[index];
    }

    public float[] secondMoment(int index) {
        return secondMoments[index];
    }

    /** Restores the moments of tensor {@code index} (from a checkpoint). */
    public void restore(int index, float[] first, float[] second) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("moments of different sizes " + first.length + ", " + second.length);
        }
        firstMoments[index] = first;
        secondMoments[index] = second;
    }
}
