/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.ClipConfig;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.train.Batch;
import dev.duet.train.BatchSource;
import dev.duet.train.ClipInitializer;
import dev.duet.train.DualEncoderTrainer;
import dev.duet.train.LearningRateSchedule;
import dev.duet.train.SeededRandom;
import dev.duet.train.StepReport;
import dev.duet.train.TrainingOptions;
import dev.duet.train.WorldBatches;
import dev.duet.world.SceneGenerator;
import dev.duet.world.WorldSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput of a model's architecture on the bound world: image-caption pairs per
 * second and the share of the machine's FMA peak that the step's arithmetic reaches.
 * Usage: {@code TrainingBenchmark MODEL_DIR PEAK_GFLOPS [STEPS [BATCH [NEGATIVES]]]}; the model directory
 * gives the shape, tokenizer and preprocessing, the weights are drawn afresh.
 *
 * <p>Arithmetic per step, the work each pair needs, counted as multiply-adds x 2: per block and
 * sequence of R rows, width D, MLP width M, the projections 2 R (3 D^2 + D^2 + 2 D M) and
 * attention 4 R^2 D (scores and the weighted sum, causal masks not discounted), where a caption
 * has R = its own tokens up to EOS (padding is not work) and an image R = 1 + patches; in the
 * image tower's last block only the CLS row is read, so it counts Q, K, V for every row
 * (2 R 3 D^2), attention for one query (4 R D) and the rest for one row (2 (D^2 + 2 D M)); the
 * patch embedding 2 P (3 p^2) D per image; the heads 2 D E per sequence. The backward pass counts
 * twice the forward (input and weight gradients).
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) {
        Path modelDir = Path.of(args[0]);
        double peak = Double.parseDouble(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        int batchSize = args.length > 3 ? Integer.parseInt(args[3]) : 64;
        int negatives = args.length > 4 ? Integer.parseInt(args[4]) : 64;
        ClipConfig config = ClipModel.load(modelDir).config();
        ClipTokenizer tokenizer = ClipTokenizer.load(modelDir, config.text().contextLength());
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessorConfig.load(modelDir.resolve("preprocessor_config.json")));
        SceneGenerator world = new SceneGenerator(WorldSpec.bound().withImageSize(config.vision().imageSize()));
        WorldBatches batches = new WorldBatches(world, 1, tokenizer, preprocessor, config.vision(), batchSize, negatives);
        TrainingOptions options = TrainingOptions.defaults(LearningRateSchedule.warmupThenDecay(5e-4, 10, steps + 20, 0.1), 1);
        try (Parallel parallel = Parallel.allCores()) {
            DualEncoderTrainer trainer = DualEncoderTrainer.start(ClipInitializer.initialize(config, 1), options, parallel);
            Counting counting = new Counting(batches, config);
            for (int warm = 0; warm < 20; warm++) {
                trainer.step(counting);
            }
            counting.flops = 0;
            int pairs = 0;
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                StepReport report = trainer.step(counting);
                pairs += report.pairs();
            }
            double seconds = Measurements.since(start);
            double gflops = counting.flops / seconds / 1e9;
            System.out.printf(Locale.ROOT, "| training, batch %d + %d negatives, %d steps | %.1f pairs/s | %.2f GFLOP per pair "
                            + "| %.0f GFLOP/s | %.1f %% of the %.0f GFLOP/s peak |%n", batchSize, negatives, steps, pairs / seconds,
                    counting.flops / pairs / 1e9, gflops, 100 * gflops / peak, peak);
        }
        System.out.printf(Locale.ROOT, "| peak RSS | %.0f MiB |%n", Measurements.peakRssMiB());
    }

    /** Passes batches through and adds up the arithmetic of the steps they make. */
    private static final class Counting implements BatchSource {
        private final BatchSource source;
        private final ClipConfig config;
        double flops;

        Counting(BatchSource source, ClipConfig config) {
            this.source = source;
            this.config = config;
        }

        @Override
        public Batch next(long step, SeededRandom random, Parallel parallel) {
            Batch batch = source.next(step, random, parallel);
            ClipConfig.Text text = config.text();
            ClipConfig.Vision vision = config.vision();
            double forward = 0;
            List<int[]> sequences = new ArrayList<>(batch.captions());
            batch.negatives().forEach(negative -> sequences.add(negative.tokens()));
            for (int[] sequence : sequences) {
                forward += text.layers() * block(pooledRows(sequence), text.width(), text.intermediate());
            }
            int images = batch.images().size();
            int patches = vision.gridSize() * vision.gridSize();
            int rows = patches + 1;
            double d = vision.width();
            double lastBlock = 2.0 * rows * 3 * d * d + 4.0 * rows * d + 2.0 * (d * d + 2 * d * vision.intermediate());
            forward += images * ((vision.layers() - 1) * block(rows, vision.width(), vision.intermediate()) + lastBlock)
                    + images * 2.0 * patches * 3 * vision.patchSize() * vision.patchSize() * vision.width()
                    + (sequences.size() * (double) text.width() + images * d) * 2 * config.projectionDim();
            flops += 3 * forward;
            return batch;
        }

        /** Rows a caption occupies: its tokens up to and including the first EOS (or all of them). */
        private int pooledRows(int[] sequence) {
            for (int t = 0; t < sequence.length; t++) {
                if (sequence[t] == config.text().eosTokenId()) {
                    return t + 1;
                }
            }
            return sequence.length;
        }

        /** One block's forward over one sequence of {@code rows} rows. */
        private static double block(int rows, int width, int mlp) {
            double projections = 2.0 * rows * (4.0 * width * width + 2.0 * width * mlp);
            double attention = 4.0 * rows * rows * width;
            return projections + attention;
        }
    }
}
