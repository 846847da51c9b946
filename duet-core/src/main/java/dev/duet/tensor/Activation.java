/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise activations (of transformer MLPs and convolutional blocks) with their derivatives, which the tangent rule
 * {@code t_out = f'(x) * t_in} and the gradient rule {@code d_in = f'(x) * d_out} share.
 */
public enum Activation {
    /** {@code x * sigmoid(1.702 x)} (OpenAI CLIP) */
    QUICK_GELU {
        private static final float SLOPE = 1.702f;

        @Override
        public float apply(float x) {
            return SigmoidGate.apply(x, SLOPE);
        }

        @Override
        public float derivative(float x) {
            return SigmoidGate.derivative(x, SLOPE);
        }

        @Override
        public void forward(float[] out, float[] in, int offset, int length) {
            SigmoidGate.forward(out, in, offset, length, SLOPE);
        }

        @Override
        void derivatives(float[] slope, float[] in, int offset, int length) {
            SigmoidGate.derivatives(slope, in, offset, length, SLOPE);
        }
    },
    /** exact {@code x * Phi(x)} with the error function */
    GELU {
        @Override
        public float apply(float x) {
            return (float) (0.5 * x * (1.0 + Erf.erf(x / Math.sqrt(2.0))));
        }

        @Override
        public float derivative(float x) {
            double cdf = 0.5 * (1.0 + Erf.erf(x / Math.sqrt(2.0)));
            double pdf = Math.exp(-0.5 * (double) x * x) / Math.sqrt(2.0 * Math.PI);
            return (float) (cdf + x * pdf);
        }
    },
    /** {@code max(0, x)} (the ResNets); its derivative at 0 is taken as 0, as PyTorch's */
    RELU {
        @Override
        public float apply(float x) {
            return x > 0f ? x : 0f;
        }

        @Override
        public float derivative(float x) {
            return x > 0f ? 1f : 0f;
        }
    },
    /** {@code x * sigmoid(x)} ("silu", "swish": EfficientNet's) */
    SILU {
        @Override
        public float apply(float x) {
            return SigmoidGate.apply(x, 1f);
        }

        @Override
        public float derivative(float x) {
            return SigmoidGate.derivative(x, 1f);
        }

        @Override
        public void forward(float[] out, float[] in, int offset, int length) {
            SigmoidGate.forward(out, in, offset, length, 1f);
        }

        @Override
        void derivatives(float[] slope, float[] in, int offset, int length) {
            SigmoidGate.derivatives(slope, in, offset, length, 1f);
        }
    },
    /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} ("gelu_new", "gelu_pytorch_tanh") */
    GELU_TANH {
        private static final double C = 0.7978845608028654;

        @Override
        public float apply(float x) {
            double inner = C * (x + 0.044715 * x * x * x);
            return (float) (0.5 * x * (1.0 + Math.tanh(inner)));
        }

        @Override
        public float derivative(float x) {
            double inner = C * (x + 0.044715 * x * x * x);
            double tanh = Math.tanh(inner);
            double dInner = C * (1.0 + 3 * 0.044715 * x * x);
            return (float) (0.5 * (1.0 + tanh) + 0.5 * x * (1.0 - tanh * tanh) * dInner);
        }
    };

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Elements per chunk when a whole map's activation is split over threads. */
    private static final int ELEMENT_GRAIN = 1 << 14;

    public abstract float apply(float x);

    public abstract float derivative(float x);

    /** {@code out[i] = f(in[i])} over {@code [offset, offset + length)}; out may be in. */
    public void forward(float[] out, float[] in, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            out[i] = apply(in[i]);
        }
    }

    /** {@link #forward} over {@code [0, length)}, split over the workers of {@code parallel}. */
    public void forward(Parallel parallel, float[] out, float[] in, int length) {
        parallel.forRange(length, ELEMENT_GRAIN, (from, to) -> forward(out, in, from, to - from));
    }

    /** {@code slope[i] = f'(in[offset + i])} for {@code i < length}. */
    void derivatives(float[] slope, float[] in, int offset, int length) {
        for (int i = 0; i < length; i++) {
            slope[i] = derivative(in[offset + i]);
        }
    }

    /** Gradient rule {@code gradient[i] *= f'(pre[i])} over {@code [offset, offset + length)}. */
    public void backward(float[] gradient, float[] preActivation, int offset, int length) {
        float[] slope = Scratch.floats(Scratch.Role.SLOPE, length);
        derivatives(slope, preActivation, offset, length);
        for (int i = 0; i < length; i++) {
            gradient[offset + i] *= slope[i];
        }
    }

    /**
     * Tangents of many directions through one primal: {@code tangent[s][i] *= f'(pre[i])} for
     * {@code s < directions}, tangent laid out [directions][length].
     */
    public void tangent(float[] tangent, float[] preActivation, int length, int directions) {
        tangent(Parallel.serial(), tangent, preActivation, length, directions);
    }

    /** The same rule with the directions split over the workers of {@code parallel}. */
    public void tangent(Parallel parallel, float[] tangent, float[] preActivation, int length, int directions) {
        float[] slope = Scratch.floats(Scratch.Role.SLOPE, length);
        derivatives(slope, preActivation, 0, length);
        parallel.forRange(directions, 1, (from, to) -> {
            for (int s = from; s < to; s++) {
                int base = s * length;
                for (int i = 0; i < length; i++) {
                    tangent[base + i] *= slope[i];
                }
            }
        });
    }

    /**
     * {@code x * sigmoid(a x)} for a slope a (QUICK_GELU's 1.702, SILU's 1) and its derivative
     * {@code s + a x s (1 - s)}, s = sigmoid(a x); the vector forms give lane for lane the scalar
     * forms' bits (the same IEEE operations in the same order, {@link Exponential} for exp).
     */
    static final class SigmoidGate {

        private SigmoidGate() {
        }

        static float apply(float x, float a) {
            return x / (1f + Exponential.exp(-a * x));
        }

        static float derivative(float x, float a) {
            float s = 1f / (1f + Exponential.exp(-a * x));
            return s + a * x * s * (1f - s);
        }

        /**
         * Elements a process takes through the scalar forms first ({@link ScalarStart}); an image's forward through the
         * default model gates 206,848 (101 rows x 512 in each of 4 blocks).
         */
        private static final ScalarStart SCALAR_START = new ScalarStart(1 << 20);

        static void forward(float[] out, float[] in, int offset, int length, float a) {
            if (SCALAR_START.take(length)) {
                for (int i = offset; i < offset + length; i++) {
                    out[i] = apply(in[i], a);
                }
            } else {
                vectorForward(out, in, offset, length, a);
            }
        }

        static void vectorForward(float[] out, float[] in, int offset, int length, float a) {
            int end = offset + length;
            int i = offset;
            for (int bound = offset + SPECIES.loopBound(length); i < bound; i += SPECIES.length()) {
                FloatVector x = FloatVector.fromArray(SPECIES, in, i);
                x.div(Exponential.exp(x.mul(-a)).add(1f)).intoArray(out, i);
            }
            for (; i < end; i++) {
                out[i] = apply(in[i], a);
            }
        }

        static void derivatives(float[] slope, float[] in, int offset, int length, float a) {
            if (SCALAR_START.take(length)) {
                for (int i = 0; i < length; i++) {
                    slope[i] = derivative(in[offset + i], a);
                }
            } else {
                vectorDerivatives(slope, in, offset, length, a);
            }
        }

        static void vectorDerivatives(float[] slope, float[] in, int offset, int length, float a) {
            FloatVector one = FloatVector.broadcast(SPECIES, 1f);
            int i = 0;
            for (int bound = SPECIES.loopBound(length); i < bound; i += SPECIES.length()) {
                FloatVector x = FloatVector.fromArray(SPECIES, in, offset + i);
                FloatVector s = one.div(Exponential.exp(x.mul(-a)).add(1f));
                s.add(x.mul(a).mul(s).mul(one.sub(s))).intoArray(slope, i);
            }
            for (; i < length; i++) {
                slope[i] = derivative(in[offset + i], a);
            }
        }
    }
}
