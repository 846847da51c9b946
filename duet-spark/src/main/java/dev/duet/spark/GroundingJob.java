/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.Version;
import dev.duet.data.DatasetKind;
import dev.duet.data.GroundingDataset;
import dev.duet.data.RecordProblems;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.GroundingSummary;
import dev.duet.grounding.LoggedResult;
import dev.duet.grounding.MapMethod;
import dev.duet.grounding.MapSource;
import dev.duet.explain.Explainer;
import dev.duet.tensor.Parallel;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.col;

/**
 * The grounding evaluation of {@code ./duet eval} over a data set, partitioned by image: the
 * driver lists the images, executors score the ones the output folder lacks
 * ({@link GroundingPartition}, the single-machine harness per image), and rows of
 * {@link GroundingRows#SCHEMA} (an image row, then a row per phrase or contrast) are written
 * through {@link ItemTable}, keyed by image, into {@code OUT/results/}. The summary is then computed from all rows, in the
 * data set's order, by {@code GroundingSummary}: the same {@code summary.json} and
 * {@code summary.md} (in {@code OUT/}) as {@code ./duet eval} writes for the same data set and
 * settings.
 */
public final class GroundingJob {

    /** The Parquet folder of the rows, inside the output folder. */
    public static final String RESULTS = "results";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String SUMMARY_MD = "summary.md";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType IMAGES = new StructType()
            .add("image_index", DataTypes.IntegerType, false)
            .add("image_id", DataTypes.StringType, false);

    /**
     * What a run did.
     *
     * @param images   images in the (limited) data set
     * @param computed images this run scored (the others were in the folder already)
     * @param summary  the summary of all rows
     */
    public record Outcome(int images, long computed, GroundingSummary summary) {
    }

    private GroundingJob() {
    }

    public static Outcome run(SparkSession spark, GroundingSource source, Set<MapMethod> methods, long seed, JobSettings settings,
                              String out, int imagesPerPartition) {
        if (imagesPerPartition < 1) {
            throw new BadInputException(null, "images per partition must be at least 1, got " + imagesPerPartition);
        }
        if (methods.isEmpty()) {
            throw new BadInputException(null, "name at least one method");
        }
        RecordProblems problems = new RecordProblems(source.policy());
        GroundingDataset dataset = source.read(problems);
        ObjectNode arguments = arguments(source, methods, seed, settings);
        ItemTable table = new ItemTable(new org.apache.hadoop.fs.Path(out, RESULTS).toString(), "image_id", GroundingRows.SCHEMA);
        table.claim(spark, arguments);

        List<Row> listed = new ArrayList<>();
        for (int i = 0; i < dataset.images().size(); i++) {
            listed.add(RowFactory.create(i, dataset.images().get(i).id()));
        }
        Dataset<Row> missing = table.missing(spark, spark.createDataFrame(listed, IMAGES));
        long todo = missing.count();
        if (todo > 0) {
            Broadcast<JobSettings> shared = new JavaSparkContext(spark.sparkContext()).broadcast(settings);
            int partitions = (int) ((todo + imagesPerPartition - 1) / imagesPerPartition);
            table.append(missing.repartition(partitions, col("image_id")).sortWithinPartitions(col("image_index"))
                    .mapPartitions(new GroundingPartition(shared, source, dataset.images().size(), methods, seed),
                            Encoders.row(GroundingRows.SCHEMA)));
        }
        GroundingSummary summary;
        try (Parallel serial = Parallel.serial()) {
            // the summary names Duet's maps by their explainer's layers (MapSource): the driver loads the model too
            List<Explainer> explainers = methods.contains(MapMethod.DUET)
                    ? List.of(Explainer.forModel(ExecutorModels.model(settings), settings.options(), serial)) : List.of();
            summary = summarize(table.rows(spark), dataset, problems, arguments, MapSource.of(methods, explainers), seed);
        }
        try {
            ItemTable.writeAtomically(spark.sparkContext().hadoopConfiguration(), out, SUMMARY_JSON,
                    summary.json().getBytes(StandardCharsets.UTF_8));
            ItemTable.writeAtomically(spark.sparkContext().hadoopConfiguration(), out, SUMMARY_MD,
                    summary.markdown().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadInputException(Path.of(out), "cannot write the summary: " + e.getMessage(), e);
        }
        return new Outcome(dataset.images().size(), todo, summary);
    }

    /**
     * The summary from the rows: results in the data set's order, phrases cut away by the crop
     * and skipped records added up, the reasons the driver's reading kept first and then the
     * images' in order, as one run of {@code ./duet eval} reports them.
     */
    static GroundingSummary summarize(Dataset<Row> rows, GroundingDataset dataset, RecordProblems problems, ObjectNode arguments,
                                      List<MapSource> sources, long seed) {
        List<Row> ordered = rows.orderBy(col("image_index"), col("position")).collectAsList();
        List<LoggedResult> results = new ArrayList<>();
        int notVisible = 0;
        int skipped = problems.skipped();
        List<String> reasons = new ArrayList<>(problems.firstReasons());
        int images = 0;
        for (Row row : ordered) {
            if (row.getString(row.fieldIndex("kind")).equals(GroundingRows.Kind.IMAGE.columnName())) {
                images++;
                notVisible += row.getInt(row.fieldIndex("not_visible"));
                skipped += row.getInt(row.fieldIndex("skipped"));
                for (Object reason : row.getList(row.fieldIndex("skip_reasons"))) {
                    if (reasons.size() < RecordProblems.KEPT_REASONS) {
                        reasons.add((String) reason);
                    }
                }
            } else {
                results.add(GroundingRows.result(row));
            }
        }
        if (images != dataset.images().size()) {
            throw new IllegalStateException("the output holds " + images + " images of " + dataset.images().size());
        }
        return GroundingSummary.of(dataset, arguments, sources, new GroundingRun.Outcome(results, notVisible), skipped, reasons,
                seed);
    }

    /** Everything the rows depend on; a rerun into the same folder must match it. Also the summary's {@code arguments}. */
    static ObjectNode arguments(GroundingSource source, Set<MapMethod> methods, long seed, JobSettings settings) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", "duet-spark-grounding");
        node.put("dataset", source.kind().cliName());
        node.put("data", source.data());
        node.put("split", source.kind() == DatasetKind.SYNTHETIC ? null : source.split().cliName());
        if (source.limit() == null) {
            node.putNull("limit");
        } else {
            node.put("limit", source.limit());
        }
        EnumSet.copyOf(methods).forEach(method -> node.withArray("methods").add(method.cliName()));
        node.put("seed", seed);
        node.put("on_bad_record", source.policy().name().toLowerCase(java.util.Locale.ROOT));
        node.put("model_sha256", settings.modelSha256());
        ObjectNode explain = node.putObject("explain");
        explain.put("text_layer", settings.textLayer());
        explain.put("image_layer", settings.imageLayer());
        explain.put("quadrature", settings.quadratureName());
        explain.put("steps", settings.steps());
        explain.put("tolerance", settings.tolerance());
        explain.put("normalization", settings.normalizationName());
        explain.put("text_reference_length", settings.textReferenceLength());
        explain.put("image_reference", settings.describeReference());
        node.put("duet_version", Version.VALUE);
        return node;
    }
}
