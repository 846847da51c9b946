/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.BadInputException;
import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * The input of CLIP's ResNets: three 3x3 convolutions with batch norm and ReLU (the first with
 * stride 2), then a 2x2 average pool. CHW images [B][3][S][S] -> channel-last maps
 * [B][S/4][S/4][W]. Explanations start above it, so it has no tangent or cotangent; its gradient
 * reaches the three convolutions and norms.
 */
public record ResNetStem(ConvNorm first, ConvNorm second, ConvNorm third, int imageSize) {

    /** One forward: the three convolutions' traces and ReLU outputs, and the pooled map. */
    public record Trace(ConvNorm.Trace firstTrace, ConvNorm.Trace secondTrace, ConvNorm.Trace thirdTrace,
                        float[] firstOut, float[] secondOut, float[] thirdOut, float[] output) {
    }

    /** Parameter gradients of the three convolutions and norms. */
    public record Gradients(ConvNorm.Gradients first, ConvNorm.Gradients second, ConvNorm.Gradients third) {
        public static Gradients zerosOf(ResNetStem stem) {
            return new Gradients(ConvNorm.Gradients.zerosOf(stem.first), ConvNorm.Gradients.zerosOf(stem.second),
                    ConvNorm.Gradients.zerosOf(stem.third));
        }
    }

    /** Side of the map it outputs. */
    public int outSize() {
        return imageSize / 4;
    }

    public Trace forward(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        int size = imageSize;
        float[] x = channelLast(images, size);
        int half = (size + 1) / 2;
        ConvNorm.Trace firstTrace = first.forward(parallel, x, batch, size, size);
        float[] firstOut = relu(firstTrace.output());
        ConvNorm.Trace secondTrace = second.forward(parallel, firstOut, batch, half, half);
        float[] secondOut = relu(secondTrace.output());
        ConvNorm.Trace thirdTrace = third.forward(parallel, secondOut, batch, half, half);
        float[] thirdOut = relu(thirdTrace.output());
        float[] pooled = new float[batch * (half / 2) * (half / 2) * third.outChannels()];
        AveragePool.forward(parallel, pooled, thirdOut, batch, half, half, third.outChannels(), 2);
        return new Trace(firstTrace, secondTrace, thirdTrace, firstOut, secondOut, thirdOut, pooled);
    }

    /** Accumulates the parameter gradients from that of the output map dOut [B][S/4][S/4][W]. */
    public void backward(Parallel parallel, Trace trace, float[] dOut, Gradients gradients) {
        int batch = trace.firstTrace().batch();
        int half = (imageSize + 1) / 2;
        float[] d = new float[trace.thirdOut().length];
        AveragePool.backward(parallel, d, dOut, batch, half, half, third.outChannels(), 2);
        mask(d, trace.thirdOut());
        d = third.backward(parallel, trace.thirdTrace(), d, gradients.third(), true);
        mask(d, trace.secondOut());
        d = second.backward(parallel, trace.secondTrace(), d, gradients.second(), true);
        mask(d, trace.firstOut());
        first.backward(parallel, trace.firstTrace(), d, gradients.first(), false);
    }

    /** A batch of CHW images of side {@code size} as one channel-last map [B][size][size][3]. */
    static float[] channelLast(List<float[]> images, int size) {
        int batch = images.size();
        float[] x = new float[batch * 3 * size * size];
        for (int b = 0; b < batch; b++) {
            float[] image = images.get(b);
            if (image.length != 3 * size * size) {
                throw new BadInputException(null, "image tensor has " + image.length + " values, the model expects 3x"
                        + size + "x" + size);
            }
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < size * size; p++) {
                    x[(b * size * size + p) * 3 + c] = image[c * size * size + p];
                }
            }
        }
        return x;
    }

    private static float[] relu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0f, x[i]);
        }
        return y;
    }

    private static void mask(float[] d, float[] activated) {
        for (int i = 0; i < d.length; i++) {
            if (activated[i] <= 0f) {
                d[i] = 0f;
            }
        }
    }
}
