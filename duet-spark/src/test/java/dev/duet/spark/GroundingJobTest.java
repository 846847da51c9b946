/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.data.BadRecordPolicy;
import dev.duet.data.DatasetKind;
import dev.duet.data.GroundingDataset;
import dev.duet.data.RecordProblems;
import dev.duet.explain.BaselineMaps;
import dev.duet.explain.Explainer;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.GroundingSummary;
import dev.duet.grounding.MapMethod;
import dev.duet.grounding.MapSource;
import dev.duet.grounding.ResultLog;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import dev.duet.world.WorldGenerator;
import dev.duet.world.WorldSpec;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroundingJobTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTests.session();
    }

    @Test
    void theSummaryFromTheRowsIsTheSingleMachineSummaryAndARerunRedoesOnlyLostImages(@TempDir Path temp) throws IOException {
        Path world = temp.resolve("world");
        WorldGenerator.write(world, WorldSpec.standard(), 4, 11, Parallel.serial());
        GroundingSource source = new GroundingSource(DatasetKind.SYNTHETIC, world.toString(), null, null, BadRecordPolicy.SKIP);
        Set<MapMethod> methods = EnumSet.allOf(MapMethod.class);
        JobSettings settings = JobSettings.resolve(SparkTests.tinyModel(), 0, null, Quadrature.GAUSS_LEGENDRE, 4, 1e-3,
                Normalization.EXACT, 1, JobSettings.Reference.mean(), 1);
        String out = temp.resolve("out").toString();

        GroundingJob.Outcome outcome = GroundingJob.run(spark, source, methods, 7, settings, out, 1);

        String expected = singleMachineSummary(source, methods, 7, settings, temp).json();
        assertEquals(4, outcome.images());
        assertEquals(4, outcome.computed());
        assertEquals(expected, outcome.summary().json());
        assertEquals(expected, Files.readString(Path.of(out, GroundingJob.SUMMARY_JSON)));
        assertTrue(outcome.summary().json().contains("\"contrast\""), "the world's hard negatives are scored");

        // a lost part file (one image per task) is all that a rerun computes again
        try (Stream<Path> files = Files.list(Path.of(out, GroundingJob.RESULTS))) {
            Files.delete(files.filter(file -> file.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow());
        }
        GroundingJob.Outcome rerun = GroundingJob.run(spark, source, methods, 7, settings, out, 1);
        assertEquals(1, rerun.computed());
        assertEquals(expected, rerun.summary().json());
    }

    /** What ./duet eval computes on one machine for the same data set and settings. */
    private static GroundingSummary singleMachineSummary(GroundingSource source, Set<MapMethod> methods, long seed,
                                                         JobSettings settings, Path temp) throws IOException {
        RecordProblems problems = new RecordProblems(source.policy());
        GroundingDataset dataset = source.read(problems);
        ClipModel model = ClipModel.load(SparkTests.tinyModel());
        try (Parallel parallel = Parallel.of(1); ResultLog log = ResultLog.open(temp.resolve("single.jsonl"))) {
            Explainer explainer = Explainer.forModel(model, settings.options(), parallel);
            List<MapSource> sources = MapSource.of(methods, List.of(explainer));
            GroundingRun.Outcome outcome = new GroundingRun(model, sources,
                    new BaselineMaps(model.vision(), explainer.imageLayer(), parallel), seed, problems)
                    .run(dataset, log, (done, total, results) -> { });
            return GroundingSummary.of(dataset, GroundingJob.arguments(source, methods, seed, settings), sources, outcome,
                    problems.skipped(), problems.firstReasons(), seed);
        }
    }
}
