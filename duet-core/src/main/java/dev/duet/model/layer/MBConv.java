/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Parallel;

/**
 * EfficientNet's mobile inverted bottleneck (MBConv) at inference:
 * {@code y = project(se(silu(depthwise(silu(expand(x)))))) [+ x]}: {@code expand} a 1x1
 * {@link ConvNorm} to {@code ratio * Cin} channels (absent when the ratio is 1), {@code depthwise}
 * a strided depthwise {@link ConvNorm}, {@link SqueezeExcite}, {@code project} a 1x1 ConvNorm to
 * Cout without activation; the residual sum only where the model adds it (stride 1 and equal
 * widths; transformers' ALIGN also leaves it out of every stage's first block). Drop-connect is
 * training-only and absent. Maps [B][H][W][Cin] -> [B][Ho][Wo][Cout].
 */
public record MBConv(ConvNorm expand, ConvNorm depthwise, SqueezeExcite excite, ConvNorm project,
                     boolean residual) implements MapBlock<MBConv.Trace> {

    public MBConv {
        int inner = depthwise.inChannels();
        if ((expand != null && expand.outChannels() != inner) || excite.channels() != inner
                || project.inChannels() != inner) {
            throw new IllegalArgumentException("MBConv widths do not chain: depthwise over " + inner + " channels");
        }
        if (residual && (depthwise.stride() != 1
                || project.outChannels() != (expand != null ? expand.inChannels() : inner))) {
            throw new IllegalArgumentException("an MBConv with a residual sum keeps its shape");
        }
    }

    public int inChannels() {
        return expand != null ? expand.inChannels() : depthwise.inChannels();
    }

    @Override
    public int outChannels() {
        return project.outChannels();
    }

    /** The expanded (depthwise) channels or the output's, whichever is more. */
    @Override
    public int widestChannels() {
        return Math.max(depthwise.inChannels(), outChannels());
    }

    /** Side of the output map for an input of side {@code side}: the depthwise convolution's stride decides. */
    @Override
    public int outSize(int side) {
        return depthwise.shape(side, side).outHeight();
    }

    /** One forward: every unit's trace (their outputs before SiLU are what its derivative reads). */
    public record Trace(int batch, int height, int width,
                        ConvNorm.Trace expandTrace,            // null without expansion
                        ConvNorm.Trace depthwiseTrace,
                        SqueezeExcite.Trace exciteTrace,
                        ConvNorm.Trace projectTrace,
                        float[] output) implements MapBlock.Trace {  // output [B][Ho][Wo][Cout]
    }

    /** Parameter gradients of the four units (expand null when the block has none). */
    public record Gradients(ConvNorm.Gradients expand, ConvNorm.Gradients depthwise,
                            SqueezeExcite.Gradients excite, ConvNorm.Gradients project) {
        public static Gradients zerosOf(MBConv block) {
            return new Gradients(block.expand == null ? null : ConvNorm.Gradients.zerosOf(block.expand),
                    ConvNorm.Gradients.zerosOf(block.depthwise), SqueezeExcite.Gradients.zerosOf(block.excite),
                    ConvNorm.Gradients.zerosOf(block.project));
        }
    }

    @Override
    public Trace forward(Parallel parallel, float[] x, int batch, int height, int width) {
        ConvNorm.Trace expandTrace = expand == null ? null : expand.forward(parallel, x, batch, height, width);
        float[] h = expand == null ? x : silu(parallel, expandTrace.output());
        ConvNorm.Trace depthwiseTrace = depthwise.forward(parallel, h, batch, height, width);
        int outH = depthwise.shape(height, width).outHeight();
        int outW = depthwise.shape(height, width).outWidth();
        SqueezeExcite.Trace exciteTrace = excite.forward(parallel, silu(parallel, depthwiseTrace.output()), batch, outH * outW);
        ConvNorm.Trace projectTrace = project.forward(parallel, exciteTrace.output(), batch, outH, outW);
        float[] output = projectTrace.output();
        if (residual) {
            output = output.clone();
            for (int i = 0; i < output.length; i++) {
                output[i] += x[i];
            }
        }
        return new Trace(batch, height, width, expandTrace, depthwiseTrace, exciteTrace, projectTrace, output);
    }

    /** Tangents [S][H][W][Cin] through a one-image trace -> [S][Ho][Wo][Cout]. */
    @Override
    public float[] tangent(Parallel parallel, Trace trace, float[] tX, int directions) {
        int h = trace.height();
        int w = trace.width();
        float[] t = tX;
        if (expand != null) {
            t = expand.tangent(parallel, t, directions, h, w);
            Activation.SILU.tangent(parallel, t, trace.expandTrace().output(), trace.expandTrace().output().length,
                    directions);
        }
        t = depthwise.tangent(parallel, t, directions, h, w);
        float[] depthwiseOut = trace.depthwiseTrace().output();
        Activation.SILU.tangent(parallel, t, depthwiseOut, depthwiseOut.length, directions);
        t = excite.tangent(parallel, trace.exciteTrace(), t, directions);
        int outH = depthwise.shape(h, w).outHeight();
        int outW = depthwise.shape(h, w).outWidth();
        t = project.tangent(parallel, t, directions, outH, outW);
        if (residual) {
            for (int i = 0; i < t.length; i++) {
                t[i] += tX[i];
            }
        }
        return t;
    }

    /** Cotangents [S][Ho][Wo][Cout] of the output through a one-image trace -> [S][H][W][Cin]. */
    @Override
    public float[] cotangent(Parallel parallel, Trace trace, float[] dOut, int count) {
        int h = trace.height();
        int w = trace.width();
        int outH = depthwise.shape(h, w).outHeight();
        int outW = depthwise.shape(h, w).outWidth();
        float[] d = project.cotangent(parallel, dOut, count, outH, outW);
        d = excite.cotangent(parallel, trace.exciteTrace(), d, count);
        float[] depthwiseOut = trace.depthwiseTrace().output();
        Activation.SILU.tangent(parallel, d, depthwiseOut, depthwiseOut.length, count);
        d = depthwise.cotangent(parallel, d, count, h, w);
        if (expand != null) {
            Activation.SILU.tangent(parallel, d, trace.expandTrace().output(), trace.expandTrace().output().length,
                    count);
            d = expand.cotangent(parallel, d, count, h, w);
        }
        if (residual) {
            for (int i = 0; i < d.length; i++) {
                d[i] += dOut[i];
            }
        }
        return d;
    }

    /**
     * Gradient rule: from dOut [B][Ho][Wo][Cout], accumulates into {@code gradients} (null:
     * frozen) and returns dX [B][H][W][Cin], or null when {@code inputGradient} is false.
     */
    public float[] backward(Parallel parallel, Trace trace, float[] dOut, Gradients gradients, boolean inputGradient) {
        float[] d = project.backward(parallel, trace.projectTrace(), dOut, gradients == null ? null : gradients.project(),
                true);
        d = excite.backward(parallel, trace.exciteTrace(), d, gradients == null ? null : gradients.excite());
        float[] depthwiseOut = trace.depthwiseTrace().output();
        Activation.SILU.backward(d, depthwiseOut, 0, depthwiseOut.length);
        d = depthwise.backward(parallel, trace.depthwiseTrace(), d, gradients == null ? null : gradients.depthwise(),
                expand != null || inputGradient);
        if (expand != null) {
            float[] expanded = trace.expandTrace().output();
            Activation.SILU.backward(d, expanded, 0, expanded.length);
            d = expand.backward(parallel, trace.expandTrace(), d, gradients == null ? null : gradients.expand(),
                    inputGradient);
        }
        if (residual && inputGradient) {
            for (int i = 0; i < d.length; i++) {
                d[i] += dOut[i];
            }
        }
        return d;
    }

    static float[] silu(Parallel parallel, float[] x) {
        float[] y = new float[x.length];
        Activation.SILU.forward(parallel, y, x, x.length);
        return y;
    }
}
