/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.BatchNorm;
import dev.duet.tensor.Convolution;
import dev.duet.tensor.DepthwiseConvolution;
import dev.duet.tensor.Parallel;

/**
 * A convolution without bias followed by inference-form batch norm, the unit CLIP's ResNets and
 * EfficientNet are built of: {@code y = bn(conv(x))} on channel-last maps x [B][H][W][Cin] -> y
 * [B][Ho][Wo][Cout]; weight [Cout][Cin][k][k], or for a depthwise convolution (EfficientNet's
 * spatial unit, Cin = Cout = C, each channel its own kernel) [C][1][k][k]. Affine in x, so its
 * tangent is {@code scale * conv(t)} and its cotangent {@code conv^T(scale * d)}; its gradient
 * reaches the kernel and the norm's gamma and beta (the running statistics stay frozen, as in
 * fine-tuning with the norm in eval mode).
 */
public record ConvNorm(float[] weight, int inChannels, int outChannels, int kernel, int stride,
                       Convolution.Padding padding, BatchNorm norm, boolean depthwise) {

    public ConvNorm {
        if (depthwise && inChannels != outChannels) {
            throw new IllegalArgumentException("a depthwise convolution keeps its " + inChannels + " channels, not "
                    + outChannels);
        }
    }

    /** A full convolution padded by {@code padding} on each side as given. */
    public ConvNorm(float[] weight, int inChannels, int outChannels, int kernel, int stride, Convolution.Padding padding,
                    BatchNorm norm) {
        this(weight, inChannels, outChannels, kernel, stride, padding, norm, false);
    }

    /** A full convolution padded by {@code padding} on every side. */
    public ConvNorm(float[] weight, int inChannels, int outChannels, int kernel, int stride, int padding, BatchNorm norm) {
        this(weight, inChannels, outChannels, kernel, stride, Convolution.Padding.uniform(padding), norm);
    }

    /** A depthwise convolution over {@code channels} channels, weight [C][1][k][k]. */
    public static ConvNorm depthwise(float[] weight, int channels, int kernel, int stride, Convolution.Padding padding,
                                     BatchNorm norm) {
        return new ConvNorm(weight, channels, channels, kernel, stride, padding, norm, true);
    }

    /** One forward: the input, the convolution's output before the norm (for gamma's gradient) and the output. */
    public record Trace(int batch, int height, int width,
                        float[] input,       // [B][H][W][Cin]
                        float[] convolved,   // [B][Ho][Wo][Cout]
                        float[] output) {    // [B][Ho][Wo][Cout]
    }

    /** Parameter gradients, accumulated: weight [Cout][Cin][k][k], gamma and beta [Cout]. */
    public record Gradients(float[] weight, float[] gamma, float[] beta) {
        public static Gradients zerosOf(ConvNorm layer) {
            return new Gradients(new float[layer.weight.length], new float[layer.outChannels],
                    new float[layer.outChannels]);
        }
    }

    public Convolution.Shape shape(int height, int width) {
        return new Convolution.Shape(height, width, inChannels, outChannels, kernel, stride, padding);
    }

    public Trace forward(Parallel parallel, float[] x, int batch, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        int positions = batch * shape.outHeight() * shape.outWidth();
        float[] convolved = new float[Math.multiplyExact(positions, outChannels)];
        if (depthwise) {
            DepthwiseConvolution.forward(parallel, convolved, x, weight, shape, batch);
        } else {
            Convolution.forward(parallel, convolved, x, weight, null, shape, batch);
        }
        float[] y = new float[convolved.length];
        norm.forward(parallel, y, convolved, positions);
        return new Trace(batch, height, width, x, convolved, y);
    }

    /** Tangents of S directions [S][H][W][Cin] -> [S][Ho][Wo][Cout]. */
    public float[] tangent(Parallel parallel, float[] tX, int directions, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        int positions = directions * shape.outHeight() * shape.outWidth();
        float[] tY = new float[Math.multiplyExact(positions, outChannels)];
        if (depthwise) {
            DepthwiseConvolution.tangent(parallel, tY, tX, weight, shape, directions);
        } else {
            Convolution.tangent(parallel, tY, tX, weight, shape, directions);
        }
        norm.tangent(parallel, tY, positions);
        return tY;
    }

    /** Cotangents of S outputs [S][Ho][Wo][Cout] -> [S][H][W][Cin]. */
    public float[] cotangent(Parallel parallel, float[] dY, int count, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        float[] scaled = dY.clone();
        norm.tangent(parallel, scaled, count * shape.outHeight() * shape.outWidth());
        float[] dX = new float[Math.multiplyExact(count, height * width * inChannels)];
        convolutionBackward(parallel, dX, null, scaled, null, shape, count);
        return dX;
    }

    /**
     * Gradient rule of a trace: from dY [B][Ho][Wo][Cout], accumulates into {@code gradients}
     * (null: frozen) and returns dX [B][H][W][Cin], or null when {@code inputGradient} is false.
     */
    public float[] backward(Parallel parallel, Trace trace, float[] dY, Gradients gradients, boolean inputGradient) {
        Convolution.Shape shape = shape(trace.height(), trace.width());
        float[] dConvolved = dY.clone();
        norm.backward(dConvolved, trace.convolved(), gradients == null ? null : gradients.gamma(),
                gradients == null ? null : gradients.beta(), trace.batch() * shape.outHeight() * shape.outWidth());
        float[] dX = inputGradient ? new float[trace.input().length] : null;
        convolutionBackward(parallel, dX, gradients == null ? null : gradients.weight(), dConvolved, trace.input(), shape,
                trace.batch());
        return dX;
    }

    /** The convolution's transpose for dX (null: not needed) and its kernel's gradient from x (null dWeight: frozen). */
    private void convolutionBackward(Parallel parallel, float[] dX, float[] dWeight, float[] dY, float[] x,
                                     Convolution.Shape shape, int count) {
        if (depthwise) {
            DepthwiseConvolution.backward(parallel, dX, dWeight, dY, x, weight, shape, count);
        } else {
            Convolution.backward(parallel, dX, dWeight, null, dY, x, weight, shape, count);
        }
    }
}
