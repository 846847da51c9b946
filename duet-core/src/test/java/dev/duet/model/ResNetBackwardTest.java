/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.layer.ConvNorm;
import dev.duet.model.layer.ResNetStem;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.tensor.BatchNorm;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.duet.testing.Samples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The gradient rules of the ResNet layers (what fine-tuning needs), on the PyTorch-checked
 * reference tower: parameter gradients of {@code <w, layer(x)>} against central differences
 * (gamma and beta through a norm rebuilt from the file's statistics), input gradients against
 * the transpose identity with the tangent rules.
 */
class ResNetBackwardTest {

    private static final ResNetConfig CONFIG = new ResNetConfig(new int[] {2, 1, 1, 1}, 8, 4, 64, 64);
    private static SafetensorsFile file;
    private static ResNetEncoder encoder;
    private static float[] image;

    @BeforeAll
    static void load() throws Exception {
        file = SafetensorsFile.open(Path.of(ResNetBackwardTest.class.getResource("resnet-clip-reference.safetensors").toURI()));
        encoder = ResNetEncoder.fromOpenClip(file, CONFIG);
        image = Arrays.copyOf(file.readFloats("reference.pixels"), 3 * 64 * 64);
    }

    @AfterAll
    static void close() {
        file.close();
    }

    @Test
    void convolutionAndNormGradientsMatchDifferences() {
        Parallel serial = Parallel.serial();
        String prefix = "visual.layer2.0.bn2";
        Bottleneck block = encoder.blocks().get(2);
        ConvNorm layer = block.spatial();
        int side = CONFIG.mapSize(1);
        float[] x = new float[side * side * layer.inChannels()];
        Random random = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] w = gaussian(random, side * side * layer.outChannels());
        ConvNorm.Trace trace = layer.forward(serial, x, 1, side, side);
        ConvNorm.Gradients gradients = ConvNorm.Gradients.zerosOf(layer);
        float[] dX = layer.backward(serial, trace, w, gradients, true);
        for (int sample = 0; sample < 6; sample++) {
            int index = random.nextInt(layer.weight().length);
            float saved = layer.weight()[index];
            double numeric = derivative(shift -> {
                layer.weight()[index] = (float) (saved + shift);
                return dot(layer.forward(serial, x, 1, side, side).output(), w);
            }, 1e-2);
            layer.weight()[index] = saved;
            assertEquals(numeric, gradients.weight()[index], 1e-2 * Math.abs(numeric) + 1e-3, "weight " + index);
        }
        float[] gamma = file.readFloats(prefix + ".weight");
        float[] beta = file.readFloats(prefix + ".bias");
        float[] mean = file.readFloats(prefix + ".running_mean");
        float[] var = file.readFloats(prefix + ".running_var");
        for (int c = 0; c < 3; c++) {
            int channel = c;
            double numericGamma = derivative(shift -> {
                float[] moved = gamma.clone();
                moved[channel] += (float) shift;
                return dot(new ConvNorm(layer.weight(), layer.inChannels(), layer.outChannels(), layer.kernel(),
                        layer.stride(), layer.padding(), BatchNorm.of(moved, beta, mean, var, 1e-5f))
                        .forward(serial, x, 1, side, side).output(), w);
            }, 1e-2);
            assertEquals(numericGamma, gradients.gamma()[channel], 1e-2 * Math.abs(numericGamma) + 1e-3, "gamma " + channel);
            double betaSum = 0;
            for (int p = 0; p < side * side; p++) {
                betaSum += w[p * layer.outChannels() + channel];
            }
            assertEquals(betaSum, gradients.beta()[channel], 1e-4 * (1 + Math.abs(betaSum)), "beta " + channel);
        }
        float[] v = gaussian(random, x.length);
        assertEquals(dot(w, layer.tangent(serial, v, 1, side, side)), dot(dX, v), 1e-3 * (1 + Math.abs(dot(dX, v))),
                "input gradient");
    }

    @Test
    void bottleneckGradientsAreTheTangentsTransposeAndMatchDifferences() {
        Parallel serial = Parallel.serial();
        for (int index : new int[] {1, 2}) {   // layer1.1 (identity), layer2.0 (stride 2, projected shortcut)
            Bottleneck block = encoder.blocks().get(index);
            int side = CONFIG.mapSize(1);
            float[] x = index == 1
                    ? encoder.blocks().get(0).forward(serial, encoder.stageOutput(serial, image, 0), 1, 16, 16).output()
                    : encoder.stageOutput(serial, image, 1);
            Random random = new Random(index);
            Bottleneck.Trace trace = block.forward(serial, x, 1, side, side);
            float[] w = gaussian(random, trace.output().length);
            Bottleneck.Gradients gradients = Bottleneck.Gradients.zerosOf(block);
            float[] dX = block.backward(serial, trace, w, gradients, true);
            float[] v = gaussian(random, x.length);
            double forward = dot(w, block.tangent(serial, trace, v, 1));
            assertEquals(forward, dot(dX, v), 1e-3 * (1 + Math.abs(forward)), "input gradient of block " + index);
            float[] weights = block.expand().weight();
            float[] analytic = gradients.expand().weight();
            int largest = 0;
            for (int i = 1; i < analytic.length; i++) {
                largest = Math.abs(analytic[i]) > Math.abs(analytic[largest]) ? i : largest;
            }
            int at = largest;
            float saved = weights[at];
            // a small step: ReLU inputs that change sign within it would spoil the difference
            double numeric = derivative(shift -> {
                weights[at] = (float) (saved + shift);
                return dot(block.forward(serial, x, 1, side, side).output(), w);
            }, 1e-3);
            weights[at] = saved;
            assertEquals(numeric, analytic[at], 2e-2 * Math.abs(numeric) + 1e-3, "expand weight of block " + index);
        }
    }

    @Test
    void attentionPoolGradientsMatchDifferencesOverABatch() {
        Parallel serial = Parallel.serial();
        AttentionPool pool = encoder.pool();
        int positions = 4;
        Random random = new Random(9);
        float[] x = gaussian(random, 2 * positions * pool.width());
        float[] w = gaussian(random, 2 * pool.outputDim());
        AttentionPool.Trace trace = pool.forward(serial, x, 2, positions);
        AttentionPool.Gradients gradients = AttentionPool.Gradients.zerosOf(pool);
        float[] dX = pool.backward(serial, trace, w, gradients);
        List<float[][]> tensors = List.of(new float[][] {pool.qkvWeight(), gradients.qkvWeight()},
                new float[][] {pool.qkvBias(), gradients.qkvBias()}, new float[][] {pool.outWeight(), gradients.outWeight()},
                new float[][] {pool.positions(), gradients.positions()});
        for (float[][] pair : tensors) {
            float[] parameter = pair[0];
            for (int sample = 0; sample < 4; sample++) {
                int index = random.nextInt(parameter.length);
                float saved = parameter[index];
                double numeric = derivative(shift -> {
                    parameter[index] = (float) (saved + shift);
                    return dot(pool.forward(serial, x, 2, positions).embeddings(), w);
                }, 1e-2);
                parameter[index] = saved;
                assertEquals(numeric, pair[1][index], 1e-2 * Math.abs(numeric) + 1e-3, "parameter entry " + index);
            }
        }
        for (int sample = 0; sample < 4; sample++) {
            int index = random.nextInt(x.length);
            float saved = x[index];
            double numeric = derivative(shift -> {
                x[index] = (float) (saved + shift);
                return dot(pool.forward(serial, x, 2, positions).embeddings(), w);
            }, 1e-2);
            x[index] = saved;
            assertEquals(numeric, dX[index], 1e-2 * Math.abs(numeric) + 1e-3, "input " + index);
        }
    }

    @Test
    void stemGradientsMatchDifferences() {
        Parallel serial = Parallel.serial();
        ResNetStem stem = encoder.stem();
        ResNetStem.Trace trace = stem.forward(serial, List.of(image));
        Random random = new Random(5);
        float[] w = gaussian(random, trace.output().length);
        ResNetStem.Gradients gradients = ResNetStem.Gradients.zerosOf(stem);
        stem.backward(serial, trace, w, gradients);
        float[] weights = stem.third().weight();
        float[] analytic = gradients.third().weight();
        int largest = 0;
        for (int i = 1; i < analytic.length; i++) {
            largest = Math.abs(analytic[i]) > Math.abs(analytic[largest]) ? i : largest;
        }
        int at = largest;
        float saved = weights[at];
        double numeric = derivative(shift -> {
            weights[at] = (float) (saved + shift);
            return dot(stem.forward(serial, List.of(image)).output(), w);
        }, 1e-3);
        weights[at] = saved;
        assertEquals(numeric, analytic[at], 2e-2 * Math.abs(numeric) + 1e-3, "stem's third convolution");
    }

    /** Central difference at 0 of {@code f}, which sets a parameter's shift and returns the objective. */
    private static double derivative(java.util.function.DoubleUnaryOperator f, double h) {
        return (f.applyAsDouble(h) - f.applyAsDouble(-h)) / (2 * h);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
