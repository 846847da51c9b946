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
 * A depthwise convolution without bias followed by inference-form batch norm, the spatial unit
 * of EfficientNet's blocks: {@code y = bn(depthwise(x))} on channel-last maps [B][H][W][C] ->
 * [B][Ho][Wo][C]; weight [C][1][k][k]; the padding per side as the checkpoint's model pads.
 * Affine in x, so its tangent is {@code scale * depthwise(t)} and its cotangent
 * {@code depthwise^T(scale * d)}; its gradient reaches the kernel and the norm's gamma and beta.
 */
public record DepthwiseConvNorm(float[] weight, int channels, int kernel, int stride, Convolution.Padding padding,
                                BatchNorm norm) {

    /** One forward: the input, the convolution's output before the norm and the output. */
    public record Trace(int batch, int height, int width,
                        float[] input,       // [B][H][W][C]
                        float[] convolved,   // [B][Ho][Wo][C]
                        float[] output) {    // [B][Ho][Wo][C]
    }

    /** Parameter gradients, accumulated: weight [C][1][k][k], gamma and beta [C]. */
    public record Gradients(float[] weight, float[] gamma, float[] beta) {
        public static Gradients zerosOf(DepthwiseConvNorm layer) {
            return new Gradients(new float[layer.weight.length], new float[layer.channels], new float[layer.channels]);
        }
    }

    public Convolution.Shape shape(int height, int width) {
        return new Convolution.Shape(height, width, channels, channels, kernel, stride, padding);
    }

    public Trace forward(Parallel parallel, float[] x, int batch, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        float[] convolved = new float[Math.multiplyExact(batch, shape.outputSize())];
        DepthwiseConvolution.forward(parallel, convolved, x, weight, shape, batch);
        float[] y = new float[convolved.length];
        norm.forward(parallel, y, convolved, batch * shape.outHeight() * shape.outWidth());
        return new Trace(batch, height, width, x, convolved, y);
    }

    /** Tangents of S directions [S][H][W][C] -> [S][Ho][Wo][C]. */
    public float[] tangent(Parallel parallel, float[] tX, int directions, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        float[] tY = new float[Math.multiplyExact(directions, shape.outputSize())];
        DepthwiseConvolution.tangent(parallel, tY, tX, weight, shape, directions);
        norm.tangent(parallel, tY, directions * shape.outHeight() * shape.outWidth());
        return tY;
    }

    /** Cotangents of S outputs [S][Ho][Wo][C] -> [S][H][W][C]. */
    public float[] cotangent(Parallel parallel, float[] dY, int count, int height, int width) {
        Convolution.Shape shape = shape(height, width);
        float[] scaled = dY.clone();
        norm.tangent(parallel, scaled, count * shape.outHeight() * shape.outWidth());
        float[] dX = new float[Math.multiplyExact(count, shape.inputSize())];
        DepthwiseConvolution.backward(parallel, dX, null, scaled, null, weight, shape, count);
        return dX;
    }

    /**
     * Gradient rule of a trace: from dY [B][Ho][Wo][C], accumulates into {@code gradients} (null:
     * frozen) and returns dX [B][H][W][C], or null when {@code inputGradient} is false.
     */
    public float[] backward(Parallel parallel, Trace trace, float[] dY, Gradients gradients, boolean inputGradient) {
        Convolution.Shape shape = shape(trace.height(), trace.width());
        float[] dConvolved = dY.clone();
        norm.backward(dConvolved, trace.convolved(), gradients == null ? null : gradients.gamma(),
                gradients == null ? null : gradients.beta(), trace.batch() * shape.outHeight() * shape.outWidth());
        float[] dX = inputGradient ? new float[trace.input().length] : null;
        DepthwiseConvolution.backward(parallel, dX, gradients == null ? null : gradients.weight(), dConvolved,
                trace.input(), weight, shape, trace.batch());
        return dX;
    }
}
