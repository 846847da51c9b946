/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.BadInputException;
import dev.duet.Spelling;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.DatasetKind;
import dev.duet.data.DatasetSplit;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.grounding.MapMethod;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The {@code spark-submit} entry: {@code embed} ({@link EmbedCorpus}) and {@code grounding}
 * ({@link GroundingJob}). Exit codes as {@code ./duet}'s: 0 done, 2 bad input (one line naming
 * the file or record, from the driver or from a task), 1 anything else (a bug, or the cluster).
 */
@Command(name = "duet-spark", mixinStandardHelpOptions = true, subcommands = {SparkMain.Embed.class, SparkMain.Grounding.class},
        description = "Duet's dataset-scale jobs on Apache Spark (run with spark-submit; see duet-spark/README.md).")
public final class SparkMain {

    private SparkMain() {
    }

    public static void main(String[] args) {
        System.exit(run(System.err, args));
    }

    /** Runs the command line; returns the exit code. */
    static int run(PrintStream err, String... args) {
        CommandLine commandLine = new CommandLine(new SparkMain()).setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            String bad = badInput(failure);
            if (bad != null) {
                err.println("duet-spark: " + bad);
                return 2;
            }
            if (failure instanceof AnalysisException analysis) {
                err.println("duet-spark: " + oneLine(analysis.getMessage()));
                return 2;
            }
            err.println("duet-spark: internal failure (a bug in Duet, or the cluster failed): " + oneLine(String.valueOf(failure)));
            failure.printStackTrace(err);
            return 1;
        });
        return commandLine.execute(args);
    }

    /**
     * The input problem behind a failure, as its one-line message, or null: thrown on the driver
     * (in the cause chain), or in a task. A task's exception reaches the driver as the text of
     * Spark's job failure ("Lost task ...: dev.duet.BadInputException: FILE: PROBLEM"), not
     * always as a cause (on a cluster it need not even deserialize there), so the text is read.
     */
    static String badInput(Throwable failure) {
        String marker = BadInputException.class.getName() + ": ";
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BadInputException bad) {
                return oneLine(bad.getMessage());
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            int at = message == null ? -1 : message.indexOf(marker);
            if (at >= 0) {
                return oneLine(message.substring(at + marker.length()));
            }
        }
        return null;
    }

    private static String oneLine(String message) {
        String line = message == null ? "" : message.strip();
        int end = line.indexOf('\n');
        return end < 0 ? line : line.substring(0, end);
    }

    /** Options both jobs share: Spark, the model, the explanation's settings. */
    static final class Common {

        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master for a run without spark-submit, e.g. local[2] (default: what spark-submit sets; "
                        + "unused when the JVM already runs a Spark session)")
        String master;

        @Option(names = "--model", required = true, paramLabel = "DIR",
                description = "CLIP checkpoint folder, at this path on the driver and on every executor (a shared mount, "
                        + "or --archives model.tar.gz#model with --model model)")
        Path model;

        @Option(names = "--image-layer", paramLabel = "L", description = "input of vision block L (default: the last block)")
        Integer imageLayer;

        @Option(names = "--quadrature", defaultValue = "adaptive", paramLabel = "RULE", converter = SpelledQuadrature.class,
                description = "riemann | gauss-legendre | adaptive (default: ${DEFAULT-VALUE})")
        Quadrature quadrature;

        @Option(names = "--steps", defaultValue = "8", paramLabel = "N", description = "quadrature nodes (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--tolerance", defaultValue = "1e-3", description = "adaptive: per-tower residual (default: ${DEFAULT-VALUE})")
        double tolerance;

        @Option(names = "--normalization", defaultValue = "exact", description = "exact | published (default: ${DEFAULT-VALUE})")
        Normalization normalization;

        @Option(names = "--image-reference", defaultValue = "mean", description = "mean | blur | constant (default: ${DEFAULT-VALUE})")
        JobSettings.ReferenceKind imageReference;

        @Option(names = "--blur-sigma", paramLabel = "PX", description = "blur radius for --image-reference blur (default: one patch)")
        double blurSigma;

        @Option(names = "--reference-colour", paramLabel = "R,G,B", split = ",",
                description = "colour for --image-reference constant (0..255, default 128,128,128)")
        int[] referenceColour = {128, 128, 128};

        @Option(names = "--threads-per-task", defaultValue = "1", paramLabel = "N",
                description = "Duet's worker threads in each task; set spark.task.cpus to the same (default: ${DEFAULT-VALUE})")
        int threadsPerTask;

        @Option(names = "--on-bad-record", defaultValue = "skip",
                description = "skip | fail: an unreadable image or malformed record is counted, or ends the job (default: ${DEFAULT-VALUE})")
        BadRecordPolicy onBadRecord;

        @Option(names = "--out", required = true, paramLabel = "PATH",
                description = "output folder (a Hadoop path or URI); a rerun with the same settings computes only what is missing")
        String out;

        JobSettings settings(Integer textLayer, int textReferenceLength) {
            return JobSettings.resolve(model, textLayer, imageLayer, quadrature, steps, tolerance, normalization, textReferenceLength,
                    new JobSettings.Reference(imageReference, blurSigma, referenceColour), threadsPerTask);
        }

        /** Runs {@code job} in the JVM's running session (a caller's, left running), else in a new one, stopped after it. */
        <T> T withSession(String name, java.util.function.Function<SparkSession, T> job) {
            scala.Option<SparkSession> running = SparkSession.getDefaultSession();
            if (running.isDefined()) {
                return job.apply(running.get());
            }
            SparkSession.Builder builder = SparkSession.builder().appName(name);
            if (master != null) {
                builder.master(master);
            }
            SparkSession spark = builder.getOrCreate();
            try {
                return job.apply(spark);
            } finally {
                spark.stop();
            }
        }
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = "Embeddings and image factors of every image of a corpus into Parquet, one row per image.")
    static final class Embed implements Callable<Integer> {

        @Mixin
        Common common;

        @ArgGroup(multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--images", paramLabel = "DIR", description = "a folder of images (read recursively)")
            String folder;

            @ArgGroup(exclusive = false)
            TableSource table;
        }

        static final class TableSource {
            @Option(names = "--table", required = true, paramLabel = "PARQUET", description = "a Parquet table of images")
            String table;

            @Option(names = "--path-column", paramLabel = "C", description = "its column of image paths or URIs")
            String pathColumn;

            @Option(names = "--bytes-column", paramLabel = "C", description = "its column of encoded image bytes")
            String bytesColumn;

            @Option(names = "--key-column", paramLabel = "C",
                    description = "its column of item keys (default: the path, or the SHA-256 of the bytes)")
            String keyColumn;
        }

        @Option(names = "--items-per-partition", defaultValue = "64", paramLabel = "N",
                description = "images per task: what a failed task recomputes (default: ${DEFAULT-VALUE})")
        int itemsPerPartition;

        @Override
        public Integer call() {
            CorpusInput input = source.folder != null ? new CorpusInput.Folder(source.folder)
                    : new CorpusInput.Table(source.table.table, source.table.keyColumn, source.table.pathColumn,
                            source.table.bytesColumn);
            JobSettings settings = common.settings(null, 1);
            long[] started = new long[1];
            EmbedCorpus.Outcome outcome = common.withSession("duet-spark embed", spark -> {
                started[0] = System.nanoTime();   // the job's own time: the session's start-up is left out
                return EmbedCorpus.run(spark, input, common.out, settings, common.onBadRecord, itemsPerPartition);
            });
            double seconds = (System.nanoTime() - started[0]) / 1e9;
            System.out.printf(Locale.ROOT, "embed: %d images, %d computed by this run in %.1f s, %d rows in %s (%d with an error)%n",
                    outcome.items(), outcome.computed(), seconds, outcome.rows(), common.out, outcome.failed());
            return 0;
        }
    }

    /** Quadrature rules as {@link Spelling} spells them, as {@code ./duet} takes them. */
    static final class SpelledQuadrature implements CommandLine.ITypeConverter<Quadrature> {
        @Override
        public Quadrature convert(String value) {
            return Spelling.parse(Quadrature.class, value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "'" + value + "' is not one of " + Spelling.choices(Quadrature.class)));
        }
    }

    /** Data sets as {@code ./duet eval} spells them. */
    static final class DatasetConverter implements CommandLine.ITypeConverter<DatasetKind> {
        @Override
        public DatasetKind convert(String value) {
            for (DatasetKind kind : DatasetKind.values()) {
                if (kind.cliName().equals(value)) {
                    return kind;
                }
            }
            throw new CommandLine.TypeConversionException("unknown data set '" + value + "'");
        }
    }

    @Command(name = "grounding", mixinStandardHelpOptions = true,
            description = "The grounding evaluation of ./duet eval over a data set, partitioned by image: rows per phrase "
                    + "in OUT/results/, summary.json and summary.md in OUT.")
    static final class Grounding implements Callable<Integer> {

        @Mixin
        Common common;

        @Option(names = "--dataset", required = true, converter = DatasetConverter.class,
                description = "coco | flickr30k-entities | hnc | synthetic")
        DatasetKind dataset;

        @Option(names = "--data", required = true, paramLabel = "DIR",
                description = "the data set's folder, at this path on the driver and on every executor")
        String data;

        @Option(names = "--split", description = "val | test | train (default: val; test for flickr30k-entities)")
        DatasetSplit split;

        @Option(names = "--limit", paramLabel = "N", description = "only the first N images")
        Integer limit;

        @Option(names = "--methods", split = ",", defaultValue = "duet,random,centre",
                description = "maps to score: duet, random, centre, gradient, dense (default: ${DEFAULT-VALUE})")
        List<MapMethod> methods;

        @Option(names = "--seed", defaultValue = "0", description = "seed of the random map and of the bootstrap (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--text-layer", paramLabel = "L", description = "input of text block L (default: the last block)")
        Integer textLayer;

        @Option(names = "--text-reference-length", defaultValue = "1", paramLabel = "K",
                description = "zeros between BOS and EOS in the text reference (default: ${DEFAULT-VALUE})")
        int textReferenceLength;

        @Option(names = "--images-per-partition", defaultValue = "16", paramLabel = "N",
                description = "images per task: what a failed task recomputes (default: ${DEFAULT-VALUE})")
        int imagesPerPartition;

        @Override
        public Integer call() {
            DatasetSplit chosen = split != null ? split : dataset == DatasetKind.FLICKR30K_ENTITIES ? DatasetSplit.TEST : DatasetSplit.VAL;
            GroundingSource source = new GroundingSource(dataset, Path.of(data).toAbsolutePath().normalize().toString(), chosen,
                    limit, common.onBadRecord);
            JobSettings settings = common.settings(textLayer, textReferenceLength);
            GroundingJob.Outcome outcome = common.withSession("duet-spark grounding", spark -> GroundingJob.run(spark, source,
                    EnumSet.copyOf(methods), seed, settings, common.out, imagesPerPartition));
            System.err.printf(Locale.ROOT, "grounding: %d images, %d scored by this run%n", outcome.images(), outcome.computed());
            System.out.print(outcome.summary().markdown());
            return 0;
        }
    }
}
