/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.Spelling;
import dev.duet.Version;
import dev.duet.data.BadRecordPolicy;
import dev.duet.explain.Factor;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;

/**
 * Embeddings and image factors (V of {@code A = U V^T}) of every image of a corpus, as Parquet
 * rows of {@link #SCHEMA}, one per item: what a retrieval index stores so that explaining a
 * query against its results costs a matrix product per result. Rows are computed by
 * {@link EmbedPartition} with Duet's own {@code Explainer.imageFactor}, the single-machine path,
 * and written through {@link ItemTable}, so a rerun computes only what is missing.
 */
public final class EmbedCorpus {

    /** The settings every row carries: what its factor depends on. */
    public static final StructType SETTINGS = new StructType()
            .add("model_sha256", DataTypes.StringType, false)
            .add("image_layer", DataTypes.IntegerType, false)
            .add("quadrature", DataTypes.StringType, false)
            .add("steps", DataTypes.IntegerType, false)
            .add("tolerance", DataTypes.DoubleType, false)
            .add("normalization", DataTypes.StringType, false)
            .add("image_reference", DataTypes.StringType, false)
            .add("duet_version", DataTypes.StringType, false);

    /**
     * One row per item. {@code embedding} [dim] is the raw (projected, unnormalised) image
     * embedding as {@code ./duet embed} computes it (the whole tower on one image);
     * {@code factor_rows} [rows][dim] row-major is V (CLS, then the patches row by row);
     * {@code input_embedding} (the same embedding through the factor's tower slice, equal to
     * {@code embedding} within rounding: the cut splits the sums differently),
     * {@code reference_embedding}, {@code rule} (the fixed rule used, {@code gauss_legendre} for the adaptive mode), {@code nodes} and {@code residual} complete the
     * factor ({@link #factor}); {@code width} x {@code height} is the original image's size. An
     * image that cannot be read or decoded, under {@link BadRecordPolicy#SKIP}, has only its
     * {@code error} (one line) and its settings.
     */
    public static final StructType SCHEMA = new StructType()
            .add("key", DataTypes.StringType, false)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("input_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("factor_rows", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("rows", DataTypes.IntegerType, true)
            .add("dim", DataTypes.IntegerType, true)
            .add("reference_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), true)
            .add("rule", DataTypes.StringType, true)
            .add("nodes", DataTypes.IntegerType, true)
            .add("residual", DataTypes.DoubleType, true)
            .add("width", DataTypes.IntegerType, true)
            .add("height", DataTypes.IntegerType, true)
            .add("error", DataTypes.StringType, true)
            .add("settings", SETTINGS, false);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a run did.
     *
     * @param items    items in the input (distinct keys)
     * @param computed items this run computed (the others were in the folder already)
     * @param rows     rows in the folder now
     * @param failed   rows that hold an error instead of a factor
     */
    public record Outcome(long items, long computed, long rows, long failed) {
    }

    private EmbedCorpus() {
    }

    /**
     * Computes the rows of the items of {@code input} that {@code out} does not hold yet, about
     * {@code itemsPerPartition} per task.
     */
    public static Outcome run(SparkSession spark, CorpusInput input, String out, JobSettings settings, BadRecordPolicy policy,
                              int itemsPerPartition) {
        return run(spark, input, out, settings, policy, itemsPerPartition, (job, conf) -> new EmbedPartition(job, conf, policy));
    }

    /** How a run builds the function that computes one partition's rows (tests wrap it to fail on purpose). */
    interface PartitionFunctions {
        MapPartitionsFunction<Row, Row> create(Broadcast<JobSettings> settings, Broadcast<SerializableConfiguration> conf);
    }

    static Outcome run(SparkSession spark, CorpusInput input, String out, JobSettings settings, BadRecordPolicy policy,
                       int itemsPerPartition, PartitionFunctions functions) {
        if (itemsPerPartition < 1) {
            throw new BadInputException(null, "items per partition must be at least 1, got " + itemsPerPartition);
        }
        ItemTable table = new ItemTable(out, "key", SCHEMA);
        table.claim(spark, claim(input, settings, policy));
        // nothing here is cached: Spark's cache is keyed by the plan, and the plan of the folder's rows
        // is the same before and after a run, so a cached anti join would keep the first run's answer
        // rows of the input that share a key are one item: the smallest path (or bytes), in whatever order Spark reads them
        Dataset<Row> items = input.items(spark).groupBy(col("key"))
                .agg(min(col("path")).as("path"), min(col("content")).as("content"));
        long total = items.count();
        Dataset<Row> missing = table.missing(spark, items);
        long todo = missing.count();
        if (todo > 0) {
            JavaSparkContext context = new JavaSparkContext(spark.sparkContext());
            Broadcast<JobSettings> shared = context.broadcast(settings);
            Broadcast<SerializableConfiguration> conf = context.broadcast(
                    new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
            int partitions = (int) Math.min(Integer.MAX_VALUE, (todo + itemsPerPartition - 1) / itemsPerPartition);
            // hash partitioning by key: a retried task recomputes the same items
            Dataset<Row> rows = missing.repartition(partitions, col("key")).sortWithinPartitions(col("key"))
                    .mapPartitions(functions.create(shared, conf), Encoders.row(SCHEMA));
            table.append(rows);
        }
        Row counts = table.rows(spark).agg(count(lit(1)), count(col("error"))).first();
        return new Outcome(total, todo, counts.getLong(0), counts.getLong(1));
    }

    /** Everything the rows depend on: a rerun into the same folder must match it. */
    static ObjectNode claim(CorpusInput input, JobSettings settings, BadRecordPolicy policy) {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", "duet-spark-embeddings");
        node.put("input", input.describe());
        node.put("on_bad_record", policy.name().toLowerCase(Locale.ROOT));
        node.put("model_sha256", settings.modelSha256());
        node.put("image_layer", settings.imageLayer());
        node.put("quadrature", settings.quadratureName());
        node.put("steps", settings.steps());
        node.put("tolerance", settings.tolerance());
        node.put("normalization", settings.normalizationName());
        node.put("image_reference", settings.describeReference());
        node.put("duet_version", Version.VALUE);
        return node;
    }

    /** The settings struct of every row. */
    static Row settingsRow(JobSettings settings) {
        return RowFactory.create(settings.modelSha256(), settings.imageLayer(), settings.quadratureName(),
                settings.steps(), settings.tolerance(), settings.normalizationName(), settings.describeReference(), Version.VALUE);
    }

    /** The image factor a row holds (a row with an error has none). */
    public static Factor factor(Row row) {
        if (!row.isNullAt(row.fieldIndex("error"))) {
            throw new IllegalArgumentException("row " + row.getString(row.fieldIndex("key")) + " holds an error, not a factor");
        }
        Row settings = row.getStruct(row.fieldIndex("settings"));
        return new Factor(floats(row, "factor_rows"), row.getInt(row.fieldIndex("rows")), row.getInt(row.fieldIndex("dim")),
                floats(row, "input_embedding"), floats(row, "reference_embedding"),
                spelled(Normalization.class, settings.getString(settings.fieldIndex("normalization"))),
                spelled(Quadrature.class, row.getString(row.fieldIndex("rule"))), row.getInt(row.fieldIndex("nodes")),
                row.getDouble(row.fieldIndex("residual")));
    }

    private static <E extends Enum<E>> E spelled(Class<E> type, String text) {
        return Spelling.parse(type, text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not one of " + Spelling.choices(type)));
    }

    static float[] floats(Row row, String field) {
        List<Float> values = row.getList(row.fieldIndex(field));
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = values.get(i);
        }
        return floats;
    }
}
