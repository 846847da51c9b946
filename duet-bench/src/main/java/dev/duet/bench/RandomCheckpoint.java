/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.ClipConfig;
import dev.duet.model.ClipWeights;
import dev.duet.model.HuggingFaceWriter;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionWeights;
import dev.duet.model.safetensors.DType;
import dev.duet.tensor.Activation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a random-weight CLIP checkpoint in the HuggingFace layout, shaped like ViT-B/16
 * (embed 512; vision 768 wide, 12 layers, 12 heads, patch 16, 224 px; text 512 wide, 8 heads,
 * 12 layers): the benchmark workload, since no pretrained weights can be downloaded here.
 * Usage: {@code RandomCheckpoint OUT_DIR TOKENIZER_DIR [SEED]} (vocab.json and merges.txt are copied).
 */
public final class RandomCheckpoint {

    private RandomCheckpoint() {
    }

    public static ClipConfig vitB16() {
        return new ClipConfig(
                new ClipConfig.Text(512, 2048, 8, 12, 77, 49408, Activation.QUICK_GELU, 1e-5f, 49406, 49407,
                        ClipConfig.TextPooling.FIRST_EOS),
                new ClipConfig.Vision(768, 3072, 12, 12, 224, 16, 3, Activation.QUICK_GELU, 1e-5f),
                512, 2.6592f);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RandomCheckpoint OUT_DIR TOKENIZER_DIR [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Path tokenizer = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 16;
        ClipConfig config = vitB16();
        write(out, config, random(config, seed), tokenizer);
        System.out.println("wrote " + out);
    }

    static void write(Path out, ClipConfig config, ClipWeights weights, Path tokenizer) throws IOException {
        Files.createDirectories(out);
        HuggingFaceWriter.write(out, config, weights, DType.F32, Map.of("generator", "duet-bench RandomCheckpoint"));
        for (String name : List.of("vocab.json", "merges.txt")) {
            Files.copy(tokenizer.resolve(name), out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** CLIP-like initialisation: normal(0, 0.02) weights, unit LayerNorm gains, small biases. */
    static ClipWeights random(ClipConfig config, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ClipConfig.Text text = config.text();
        ClipConfig.Vision vision = config.vision();
        int p = config.projectionDim();
        TextWeights textWeights = new TextWeights(normal(random, text.vocabSize() * text.width(), 0.02),
                normal(random, text.contextLength() * text.width(), 0.01), blocks(random, text.layers(), text.width(), text.intermediate()),
                ones(text.width()), normal(random, text.width(), 0.02), normal(random, p * text.width(), 1 / Math.sqrt(text.width())));
        int patch = vision.patchSize();
        VisionWeights visionWeights = new VisionWeights(normal(random, vision.width() * 3 * patch * patch, 0.02),
                normal(random, vision.width(), 0.02), normal(random, vision.rows() * vision.width(), 0.02),
                ones(vision.width()), normal(random, vision.width(), 0.02),
                blocks(random, vision.layers(), vision.width(), vision.intermediate()),
                ones(vision.width()), normal(random, vision.width(), 0.02), normal(random, p * vision.width(), 1 / Math.sqrt(vision.width())));
        return new ClipWeights(textWeights, visionWeights, config.logitScaleInit());
    }

    private static List<BlockWeights> blocks(SplittableRandom random, int layers, int width, int intermediate) {
        List<BlockWeights> blocks = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            blocks.add(new BlockWeights(ones(width), normal(random, width, 0.02),
                    normal(random, 3 * width * width, 0.02), normal(random, 3 * width, 0.02),
                    normal(random, width * width, 0.02), normal(random, width, 0.02),
                    ones(width), normal(random, width, 0.02),
                    normal(random, intermediate * width, 0.02), normal(random, intermediate, 0.02),
                    normal(random, width * intermediate, 0.02), normal(random, width, 0.02)));
        }
        return blocks;
    }

    private static float[] normal(SplittableRandom random, int n, double std) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller on SplittableRandom keeps the generator seedable and splittable
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            values[i] = (float) (std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        }
        return values;
    }

    private static float[] ones(int n) {
        float[] values = new float[n];
        java.util.Arrays.fill(values, 1f);
        return values;
    }
}
