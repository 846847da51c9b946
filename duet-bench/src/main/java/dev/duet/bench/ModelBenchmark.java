/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Gemm;
import dev.duet.tensor.Parallel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Checkpoint load time, the floating-point operations of one image's products, image and text embeddings per
 * second at batch 1 and 8, peak RSS.
 * Usage: {@code ModelBenchmark MODEL_DIR IMAGE [THREADS]}.
 */
public final class ModelBenchmark {

    private ModelBenchmark() {
    }

    public static void main(String[] args) {
        Path modelDir = Path.of(args[0]);
        Path imageFile = Path.of(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        ClipModel model = ClipModel.load(modelDir);
        double load = Measurements.since(start);
        PreprocessedImage image = model.preprocess(imageFile);
        String caption = "a red circle and a blue square";
        try (Parallel parallel = Parallel.of(threads)) {
            System.out.printf(Locale.ROOT, "| checkpoint load | %.3f s |%n", load);
            long flopsBefore = Gemm.countedFlops();
            model.embedImages(parallel, List.of(image));
            System.out.printf(Locale.ROOT, "| products of one image's embedding | %.2f GFLOP |%n",
                    (Gemm.countedFlops() - flopsBefore) / 1e9);
            for (int batch : new int[] {1, 8}) {
                List<PreprocessedImage> images = new ArrayList<>(Collections.nCopies(batch, image));
                double[] seconds = Measurements.seconds(3, 7, () -> {
                    long t = System.nanoTime();
                    model.embedImages(parallel, images);
                    return Measurements.since(t);
                });
                System.out.printf(Locale.ROOT, "| image embedding, batch %d | %.3f s per batch (median of 7), %.2f images/s |%n",
                        batch, Measurements.median(seconds), batch / Measurements.median(seconds));
            }
            for (int batch : new int[] {1, 8}) {
                List<String> captions = new ArrayList<>(Collections.nCopies(batch, caption));
                double[] seconds = Measurements.seconds(5, 15, () -> {
                    long t = System.nanoTime();
                    model.embedTexts(parallel, captions);
                    return Measurements.since(t);
                });
                System.out.printf(Locale.ROOT, "| text embedding (9 tokens), batch %d | %.1f ms per batch (median of 15), %.1f texts/s |%n",
                        batch, 1000 * Measurements.median(seconds), batch / Measurements.median(seconds));
            }
        }
        System.out.printf(Locale.ROOT, "| peak RSS | %.0f MiB |%n", Measurements.peakRssMiB());
    }
}
