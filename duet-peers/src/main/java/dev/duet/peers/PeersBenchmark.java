/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.peers;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.duet.bench.FloatFiles;
import dev.duet.bench.Measurements;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Duet's side and ONNX Runtime's side of {@code ./benchmark.sh peers}: the ViT-B/16-shaped image
 * forward at batch 1 and 8 and the text forward at batch 1, each printed as {@code WORKLOAD SECONDS}
 * (the median after warm-up, the same counts as bench/peers.py uses for PyTorch), so that the
 * script can run the three engines in turn and divide pair by pair.
 * <ul>
 *   <li>{@code inputs MODEL IMAGE OUT}: Duet's preprocessed pixels ({@code pixels.f32}, [1][3][224][224]
 *   float32 little-endian), the caption's ids ({@code ids.txt}) and Duet's embeddings of both
 *   ({@code duet-image.f32}, {@code duet-text.f32}), so that every engine runs on the same input and its
 *   answer can be compared;</li>
 *   <li>{@code duet MODEL OUT}: Duet's times;</li>
 *   <li>{@code onnx OUT}: ONNX Runtime's times on {@code image.onnx} and {@code text.onnx} (exported by
 *   bench/peers.py), two intra-op threads, and its largest difference from Duet's embeddings.</li>
 * </ul>
 */
public final class PeersBenchmark {

    static final String CAPTION = "a red circle and a blue square";

    private PeersBenchmark() {
    }

    public static void main(String[] args) throws IOException, OrtException {
        switch (args[0]) {
            case "inputs" -> writeInputs(ClipModel.load(Path.of(args[1])), Path.of(args[2]), Path.of(args[3]));
            case "duet" -> timeDuet(ClipModel.load(Path.of(args[1])), Path.of(args[2]));
            case "onnx" -> timeOnnxRuntime(Path.of(args[1]));
            default -> throw new IllegalArgumentException("usage: PeersBenchmark inputs MODEL IMAGE OUT | duet MODEL OUT | onnx OUT");
        }
    }

    private static void writeInputs(ClipModel model, Path image, Path out) throws IOException {
        Files.createDirectories(out);
        PreprocessedImage pixels = model.preprocess(image);
        FloatFiles.write(out.resolve("pixels.f32"), pixels.pixels());
        int[] ids = model.tokenize(CAPTION).ids();
        Files.writeString(out.resolve("ids.txt"), String.join(" ", Arrays.stream(ids).mapToObj(Integer::toString).toList()));
        try (Parallel parallel = Parallel.of(2)) {
            FloatFiles.write(out.resolve("duet-image.f32"), model.embedImages(parallel, List.of(pixels))[0]);
            FloatFiles.write(out.resolve("duet-text.f32"), model.embedTexts(parallel, List.of(CAPTION))[0]);
        }
    }

    private static void timeDuet(ClipModel model, Path out) throws IOException {
        float[] pixels = FloatFiles.read(out.resolve("pixels.f32"));
        int[] ids = readIds(out);
        try (Parallel parallel = Parallel.of(2)) {
            List<float[]> one = List.of(pixels);
            List<float[]> eight = new ArrayList<>(Collections.nCopies(8, pixels));
            List<int[]> text = List.of(ids);
            Measurements.printMedian("image-1", 3, 7, () -> Measurements.time(() -> model.vision().encode(parallel, one)));
            Measurements.printMedian("image-8", 2, 5, () -> Measurements.time(() -> model.vision().encode(parallel, eight)));
            Measurements.printMedian("text-1", 5, 15, () -> Measurements.time(() -> model.text().encode(parallel, text)));
        }
        System.out.printf(Locale.ROOT, "peak-rss-mib %.0f%n", Measurements.peakRssMiB());
    }

    private static void timeOnnxRuntime(Path out) throws IOException, OrtException {
        float[] pixels = FloatFiles.read(out.resolve("pixels.f32"));
        int[] ids = readIds(out);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession image = environment.createSession(out.resolve("image.onnx").toString(), options);
                 OrtSession text = environment.createSession(out.resolve("text.onnx").toString(), options);
                 OnnxTensor one = pixelTensor(environment, pixels, 1);
                 OnnxTensor eight = pixelTensor(environment, pixels, 8);
                 OnnxTensor caption = OnnxTensor.createTensor(environment,
                         LongBuffer.wrap(Arrays.stream(ids).asLongStream().toArray()), new long[] {1, ids.length})) {
                System.out.printf(Locale.ROOT, "image-difference %.3e%n",
                        largestDifference(run(image, "pixels", one), FloatFiles.read(out.resolve("duet-image.f32"))));
                System.out.printf(Locale.ROOT, "text-difference %.3e%n",
                        largestDifference(run(text, "ids", caption), FloatFiles.read(out.resolve("duet-text.f32"))));
                Measurements.printMedian("image-1", 3, 7, () -> Measurements.time(() -> run(image, "pixels", one)));
                Measurements.printMedian("image-8", 2, 5, () -> Measurements.time(() -> run(image, "pixels", eight)));
                Measurements.printMedian("text-1", 5, 15, () -> Measurements.time(() -> run(text, "ids", caption)));
            }
        }
        System.out.printf(Locale.ROOT, "peak-rss-mib %.0f%n", Measurements.peakRssMiB());
    }

    private static OnnxTensor pixelTensor(OrtEnvironment environment, float[] pixels, int batch) throws OrtException {
        FloatBuffer copies = FloatBuffer.allocate(pixels.length * batch);
        for (int i = 0; i < batch; i++) {
            copies.put(pixels);
        }
        return OnnxTensor.createTensor(environment, copies.flip(), new long[] {batch, 3, 224, 224});
    }

    /** The first row of the session's only output. */
    private static float[] run(OrtSession session, String input, OnnxTensor tensor) {
        try (OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return ((float[][]) result.get(0).getValue())[0];
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double largestDifference(float[] a, float[] b) {
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }

    private static int[] readIds(Path out) throws IOException {
        return Arrays.stream(Files.readString(out.resolve("ids.txt")).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }
}
