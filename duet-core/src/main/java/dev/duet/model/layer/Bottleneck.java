/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Parallel;

/**
 * The residual block of CLIP's ResNets: {@code relu(bn3(conv3(pool(relu(bn2(conv2(relu(bn1(conv1(x)))))))))
 * + shortcut(x))}, conv1 and conv3 1x1, conv2 3x3 with padding 1; a strided block average-pools
 * (kernel and stride s) before conv3 and in its shortcut, which is then {@code bn(conv1x1(pool(x)))}
 * (anti-aliased downsampling); otherwise the shortcut is x itself or a 1x1 projection when the
 * widths differ. Maps [B][H][W][Cin] -> [B][H/s][W/s][4p], p = planes.
 */
public record Bottleneck(ConvNorm reduce, ConvNorm spatial, ConvNorm expand, ConvNorm shortcut, int stride)
        implements MapBlock<Bottleneck.Trace> {

    /**
     * One forward: the convolutions' traces, and the block's ReLU outputs, whose sign is ReLU's
     * derivative (what the tangent and cotangent rules read); the gradient rule reads all of it.
     */
    public record Trace(int batch, int height, int width,
                        ConvNorm.Trace reduceTrace, ConvNorm.Trace spatialTrace, ConvNorm.Trace expandTrace,
                        ConvNorm.Trace shortcutTrace,   // null without a projected shortcut
                        float[] reduced,   // [B][H][W][p] relu(bn1(conv1(x)))
                        float[] spatial,   // [B][H][W][p] relu(bn2(conv2(.)))
                        float[] output) implements MapBlock.Trace {  // output [B][H/s][W/s][4p]
    }

    /** Parameter gradients of the four convolutions and norms (shortcut null when the block has none). */
    public record Gradients(ConvNorm.Gradients reduce, ConvNorm.Gradients spatial, ConvNorm.Gradients expand,
                            ConvNorm.Gradients shortcut) {
        public static Gradients zerosOf(Bottleneck block) {
            return new Gradients(ConvNorm.Gradients.zerosOf(block.reduce), ConvNorm.Gradients.zerosOf(block.spatial),
                    ConvNorm.Gradients.zerosOf(block.expand),
                    block.shortcut == null ? null : ConvNorm.Gradients.zerosOf(block.shortcut));
        }
    }

    @Override
    public int outChannels() {
        return expand.outChannels();
    }

    /** The output's 4p channels: the widest map of the block. */
    @Override
    public int widestChannels() {
        return outChannels();
    }

    /** The average pool of a strided block divides the side. */
    @Override
    public int outSize(int side) {
        return side / stride;
    }

    @Override
    public Trace forward(Parallel parallel, float[] x, int batch, int height, int width) {
        int outH = height / stride;
        int outW = width / stride;
        ConvNorm.Trace reduceTrace = reduce.forward(parallel, x, batch, height, width);
        float[] reduced = relu(reduceTrace.output());
        ConvNorm.Trace spatialTrace = spatial.forward(parallel, reduced, batch, height, width);
        float[] spatialOut = relu(spatialTrace.output());
        ConvNorm.Trace expandTrace = expand.forward(parallel,
                pool(parallel, spatialOut, batch, height, width, spatial.outChannels()), batch, outH, outW);
        ConvNorm.Trace shortcutTrace = shortcut == null ? null
                : shortcut.forward(parallel, pool(parallel, x, batch, height, width, reduce.inChannels()), batch, outH, outW);
        float[] identity = shortcut == null ? x : shortcutTrace.output();
        float[] sum = expandTrace.output();
        float[] output = new float[sum.length];
        for (int i = 0; i < output.length; i++) {
            output[i] = Math.max(0f, sum[i] + identity[i]);
        }
        return new Trace(batch, height, width, reduceTrace, spatialTrace, expandTrace, shortcutTrace, reduced, spatialOut,
                output);
    }

    /** Tangents [S][H][W][Cin] through a one-image trace -> [S][H/s][W/s][4p]. */
    @Override
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        int h = trace.height();
        int w = trace.width();
        float[] tReduced = reduce.tangent(parallel, tX, directions, h, w);
        mask(tReduced, trace.reduced());
        float[] tSpatial = spatial.tangent(parallel, tReduced, directions, h, w);
        mask(tSpatial, trace.spatial());
        float[] tOut = expand.tangent(parallel, pool(parallel, tSpatial, directions, h, w, spatial.outChannels()),
                directions, h / stride, w / stride);
        float[] tIdentity = shortcut == null ? tX
                : shortcut.tangent(parallel, pool(parallel, tX, directions, h, w, reduce.inChannels()), directions,
                h / stride, w / stride);
        for (int i = 0; i < tOut.length; i++) {
            tOut[i] += tIdentity[i];
        }
        mask(tOut, trace.output());
        return tOut;
    }

    /** Cotangents [S][H/s][W/s][4p] of the output through a one-image trace -> [S][H][W][Cin]. */
    @Override
    public float[] cotangent(Parallel parallel, Trace trace, float[] dOut, int count) {
        int h = trace.height();
        int w = trace.width();
        float[] dSum = dOut.clone();
        mask(dSum, trace.output());
        float[] dSpatial = unpool(parallel, expand.cotangent(parallel, dSum, count, h / stride, w / stride), count, h, w,
                spatial.outChannels());
        mask(dSpatial, trace.spatial());
        float[] dReduced = spatial.cotangent(parallel, dSpatial, count, h, w);
        mask(dReduced, trace.reduced());
        float[] dX = reduce.cotangent(parallel, dReduced, count, h, w);
        float[] dIdentity = shortcut == null ? dSum
                : unpool(parallel, shortcut.cotangent(parallel, dSum, count, h / stride, w / stride), count, h, w,
                reduce.inChannels());
        for (int i = 0; i < dX.length; i++) {
            dX[i] += dIdentity[i];
        }
        return dX;
    }

    /**
     * Gradient rule: from dOut [B][H/s][W/s][4p], accumulates into {@code gradients} (null:
     * frozen) and returns dX [B][H][W][Cin], or null when {@code inputGradient} is false.
     */
    public float[] backward(Parallel parallel, Trace trace, float[] dOut, Gradients gradients, boolean inputGradient) {
        int batch = trace.batch();
        int h = trace.height();
        int w = trace.width();
        float[] dSum = dOut.clone();
        maskAll(dSum, trace.output());
        float[] dPooled = expand.backward(parallel, trace.expandTrace(), dSum, gradients == null ? null : gradients.expand(),
                true);
        float[] dSpatial = unpool(parallel, dPooled, batch, h, w, spatial.outChannels());
        maskAll(dSpatial, trace.spatial());
        float[] dReduced = spatial.backward(parallel, trace.spatialTrace(), dSpatial,
                gradients == null ? null : gradients.spatial(), true);
        maskAll(dReduced, trace.reduced());
        float[] dX = reduce.backward(parallel, trace.reduceTrace(), dReduced, gradients == null ? null : gradients.reduce(),
                inputGradient);
        float[] dIdentity;
        if (shortcut == null) {
            dIdentity = dSum;
        } else {
            float[] dShortcut = shortcut.backward(parallel, trace.shortcutTrace(), dSum,
                    gradients == null ? null : gradients.shortcut(), inputGradient);
            dIdentity = inputGradient ? unpool(parallel, dShortcut, batch, h, w, reduce.inChannels()) : null;
        }
        if (inputGradient) {
            for (int i = 0; i < dX.length; i++) {
                dX[i] += dIdentity[i];
            }
        }
        return dX;
    }

    /** ReLU's derivative on a batch: zero where the output is, [B][n] against outputs [B][n]. */
    private static void maskAll(float[] d, float[] activated) {
        for (int i = 0; i < d.length; i++) {
            if (activated[i] <= 0f) {
                d[i] = 0f;
            }
        }
    }

    private float[] pool(Parallel parallel, float[] x, int batch, int height, int width, int channels) {
        if (stride == 1) {
            return x;
        }
        float[] pooled = new float[batch * (height / stride) * (width / stride) * channels];
        AveragePool.forward(parallel, pooled, x, batch, height, width, channels, stride);
        return pooled;
    }

    private float[] unpool(Parallel parallel, float[] d, int batch, int height, int width, int channels) {
        if (stride == 1) {
            return d;
        }
        float[] spread = new float[batch * height * width * channels];
        AveragePool.backward(parallel, spread, d, batch, height, width, channels, stride);
        return spread;
    }

    private static float[] relu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
        return y;
    }

    /** ReLU's derivative on S directions [S][n] from one image's outputs [n]: zero where the output is. */
    private static void mask(float[] t, float[] activated) {
        int n = activated.length;
        for (int i = 0; i < t.length; i++) {
            if (activated[i % n] <= 0f) {
                t[i] = 0f;
            }
        }
    }
}
