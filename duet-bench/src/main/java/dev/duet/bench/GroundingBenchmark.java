/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.AtomicFiles;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.DatasetKind;
import dev.duet.data.DatasetSplit;
import dev.duet.data.GroundedCaption;
import dev.duet.data.GroundedImage;
import dev.duet.data.GroundingDataset;
import dev.duet.data.GroundingReaders;
import dev.duet.data.RecordProblems;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.grounding.GroundingMetrics;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.LoggedResult;
import dev.duet.grounding.MapMethod;
import dev.duet.grounding.MapSource;
import dev.duet.grounding.PhraseTarget;
import dev.duet.grounding.ResultLog;
import dev.duet.image.PatchRegions;
import dev.duet.model.ClipModel;
import dev.duet.model.ImageTower;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;
import dev.duet.world.WorldGenerator;
import dev.duet.world.WorldSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Phrases evaluated per second by the grounding harness of {@code duet eval} (Duet's maps at the
 * default cut, pointing game and mass in box), on the standard synthetic world written in the
 * COCO layout at the model's image size: with an image's factor computed once and reused by all
 * its captions and phrases ({@link GroundingRun}), and without, every phrase explained on its own
 * as {@code duet explain} would ({@link Explainer#explain(dev.duet.explain.Factor, float[])}: its
 * caption's factor and the image's pass made for it alone; the image is preprocessed once in both).
 * The two take turns, round by round, after an untimed pass over the first image that compiles
 * the kernels; the best round of each is reported, and the pointing game of both is compared.
 * Usage: {@code GroundingBenchmark MODEL_DIR SCRATCH_DIR [IMAGES [THREADS [ROUNDS]]]} (defaults 20, 2, 2;
 * SCRATCH_DIR a folder it may fill and empty).
 */
public final class GroundingBenchmark {

    private static final long WORLD_SEED = 11;

    private GroundingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        ClipModel model = ClipModel.load(Path.of(args[0]));
        Path scratch = Files.createDirectories(Path.of(args[1]));
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Path world = scratch.resolve("world");
        try (Parallel parallel = Parallel.of(threads)) {
            WorldGenerator.write(world, WorldSpec.standard().withImageSize(model.config().vision().imageSize()), images,
                    WORLD_SEED, parallel);
            GroundingDataset dataset = GroundingReaders.read(DatasetKind.SYNTHETIC, world, DatasetSplit.VAL,
                    new RecordProblems(BadRecordPolicy.FAIL));
            Explainer explainer = Explainer.forModel(model, ExplainOptions.defaults(), parallel);
            GroundingDataset first = new GroundingDataset(dataset.kind(), dataset.images().subList(0, 1), 0, List.of());
            reused(model, explainer, first);
            alone(model, explainer, first, Map.of());
            double bestReused = 0;
            double bestAlone = 0;
            int phrases = 0;
            int agreeing = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                List<LoggedResult.Phrase> scored = reused(model, explainer, dataset);
                bestReused = Math.max(bestReused, scored.size() / Measurements.since(start));
                Map<String, LoggedResult.Phrase> byKey = scored.stream()
                        .collect(Collectors.toMap(LoggedResult.Phrase::key, Function.identity()));
                start = System.nanoTime();
                agreeing = alone(model, explainer, dataset, byKey);
                bestAlone = Math.max(bestAlone, scored.size() / Measurements.since(start));
                phrases = scored.size();
            }
            ImageTower.Cut cut = model.vision().cut(explainer.imageLayer());
            System.out.printf(Locale.ROOT, "%d images of the standard world at %d px, %d phrases, cut %d/%d "
                            + "(%dx%d patches), threads: %d; best of %d rounds, taking turns%n", images,
                    model.config().vision().imageSize(), phrases, explainer.textLayer(), explainer.imageLayer(),
                    cut.gridRows(), cut.gridCols(), threads, rounds);
            System.out.println("| grounding harness | phrases per second |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| an image's factor reused by its captions and phrases | %.3f |%n", bestReused);
            System.out.printf(Locale.ROOT, "| every phrase explained on its own | %.3f |%n", bestAlone);
            System.out.printf(Locale.ROOT, "the pointing game is the same both ways for %d of %d phrases%n", agreeing,
                    phrases);
        } finally {
            AtomicFiles.deleteTree(world);
        }
    }

    /** The harness's phrases, each image's factor computed once. */
    private static List<LoggedResult.Phrase> reused(ClipModel model, Explainer explainer, GroundingDataset dataset)
            throws IOException {
        try (ResultLog log = ResultLog.inMemory()) {
            List<MapSource> sources = MapSource.of(EnumSet.of(MapMethod.DUET), List.of(explainer));
            return new GroundingRun(model, sources, null, 0, new RecordProblems(BadRecordPolicy.FAIL))
                    .run(dataset, log, (done, total, results) -> { }).results().stream()
                    .filter(LoggedResult.Phrase.class::isInstance).map(LoggedResult.Phrase.class::cast).toList();
        }
    }

    /**
     * Every visible phrase explained on its own; returns how many of those in {@code reference}
     * (the harness's results by key) got the same pointing-game outcome.
     */
    private static int alone(ClipModel model, Explainer explainer, GroundingDataset dataset,
                             Map<String, LoggedResult.Phrase> reference) {
        int agreeing = 0;
        ImageTower.Cut cut = model.vision().cut(explainer.imageLayer());
        for (GroundedImage image : dataset.images()) {
            float[] pixels = model.preprocess(image.file()).pixels();
            PatchRegions grid = new PatchRegions(model.preprocessor().plan(image.width(), image.height()),
                    cut.gridRows(), cut.gridCols(), cut.cellSize());
            for (GroundedCaption caption : image.captions()) {
                for (int i = 0; i < caption.phrases().size(); i++) {
                    boolean[] inside = PhraseTarget.patches(grid, caption.phrases().get(i).boxes());
                    if (inside == null) {
                        continue;
                    }
                    Encoding encoding = model.tokenize(caption.text());
                    Encoding.TokenRange tokens = encoding.tokensOverlapping(caption.phrases().get(i).span().start(),
                            caption.phrases().get(i).span().end()).orElseThrow();
                    float[] map = explainer.explain(explainer.textFactor(encoding.ids()), pixels)
                            .spanMap(tokens.from(), tokens.to());
                    LoggedResult.Phrase logged = reference.get(image.id() + "/" + caption.id() + "/p" + i);
                    // the harness scored Duet's map alone: its one score
                    if (logged != null && logged.scores().values().iterator().next().hit()
                            == GroundingMetrics.pointingHit(map, inside)) {
                        agreeing++;
                    }
                }
            }
        }
        return agreeing;
    }
}
