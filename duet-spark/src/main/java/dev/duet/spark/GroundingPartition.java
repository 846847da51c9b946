/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.data.GroundedImage;
import dev.duet.data.GroundingDataset;
import dev.duet.data.RecordProblems;
import dev.duet.explain.BaselineMaps;
import dev.duet.explain.Explainer;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.LoggedResult;
import dev.duet.grounding.MapMethod;
import dev.duet.grounding.MapSource;
import dev.duet.grounding.ResultLog;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Scores the images of one partition, rows {@code (image_index, image_id)}, each on its own with
 * {@link GroundingRun}: the harness of {@code ./duet eval}, so the results are the single-machine
 * results. Each image gets an empty result log in a scratch file (the job's idempotence comes
 * from {@link ItemTable}, not from the log) and its own {@link RecordProblems}, whose count and
 * first reasons go into its {@link GroundingRows.Kind#IMAGE} row.
 */
final class GroundingPartition implements MapPartitionsFunction<Row, Row> {

    private final Broadcast<JobSettings> settings;
    private final GroundingSource source;
    private final int imageCount;
    private final EnumSet<MapMethod> methods;
    private final long seed;

    GroundingPartition(Broadcast<JobSettings> settings, GroundingSource source, int imageCount, Set<MapMethod> methods,
                       long seed) {
        this.settings = settings;
        this.source = source;
        this.imageCount = imageCount;
        this.methods = EnumSet.copyOf(methods);
        this.seed = seed;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> images) throws IOException {
        JobSettings job = settings.value();
        DualEncoder model = ExecutorModels.model(job);
        List<GroundedImage> all = source.images();
        if (all.size() != imageCount) {
            throw new BadInputException(Path.of(source.data()), "this executor reads " + all.size()
                    + " images in the data set, the driver read " + imageCount + ": the folder differs between nodes");
        }
        List<Row> rows = new ArrayList<>();
        Path scratch = Files.createTempDirectory("duet-grounding");
        try (Parallel parallel = Parallel.of(job.threadsPerTask())) {
            Explainer explainer = Explainer.forModel(model, job.options(), parallel);
            List<MapSource> sources = MapSource.of(methods, List.of(explainer));
            BaselineMaps baselines = new BaselineMaps(model.vision(), explainer.imageLayer(), parallel);
            while (images.hasNext()) {
                Row item = images.next();
                int index = item.getInt(0);
                GroundedImage image = all.get(index);
                if (!image.id().equals(item.getString(1))) {
                    throw new BadInputException(Path.of(source.data()), "image " + index + " is " + image.id()
                            + " on this executor and " + item.getString(1) + " on the driver: the folder differs between nodes");
                }
                RecordProblems problems = new RecordProblems(source.policy());
                Path logFile = scratch.resolve(index + ".jsonl");
                GroundingRun.Outcome outcome;
                try (ResultLog log = ResultLog.open(logFile)) {
                    outcome = new GroundingRun(model, sources, baselines, seed, problems).run(
                            new GroundingDataset(source.kind(), List.of(image), 0, List.of()), log, (done, total, results) -> { });
                }
                Files.delete(logFile);
                rows.add(GroundingRows.image(index, image.id(), outcome.notVisible(), problems.skipped(), problems.firstReasons()));
                int position = 1;
                for (LoggedResult result : outcome.results()) {
                    rows.add(GroundingRows.result(index, image.id(), position++, result));
                }
            }
        } finally {
            AtomicFiles.deleteTree(scratch);
        }
        return rows.iterator();
    }
}
