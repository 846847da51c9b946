/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.apache.spark.sql.functions.col;

/**
 * A Parquet folder with the rows of each item (an image of a corpus, an image of a grounding
 * data set) written exactly once, however often a task fails or a job is killed and run again:
 * <ul>
 * <li>A job computes only the items whose key is not in the folder yet (a left anti join with the
 * keys already there), so a rerun continues where the last run stopped.</li>
 * <li>Every item's rows come from one task and go to that task's one file (no
 * {@code maxRecordsPerFile} split), and the file committer runs its algorithm version 2: a task's
 * file is renamed from {@code _temporary} into the folder when the task commits, complete, so the
 * tasks that finished before a kill stay, and nothing of an unfinished task is visible (readers
 * skip names starting with {@code _}).</li>
 * <li>A file is named by its partition and the job's id: a second attempt of a task (a retry, a
 * speculative copy) replaces the first attempt's file instead of adding one.</li>
 * <li>{@code _duet-job.json} records the model checksum and the settings of the folder's first
 * job; a job with other settings is refused, so rows of two models or two settings never mix.</li>
 * </ul>
 * One job at a time per folder: two jobs started together on the same folder could both compute
 * an item that neither saw done.
 */
public final class ItemTable {

    public static final String JOB_FILE = "_duet-job.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String folder;
    private final String keyColumn;
    private final StructType schema;

    /**
     * @param folder    a Hadoop path or URI ({@code /data/out}, {@code hdfs://...}, {@code file:/...})
     * @param keyColumn the column that names an item; an item may have several rows
     */
    public ItemTable(String folder, String keyColumn, StructType schema) {
        this.folder = folder;
        this.keyColumn = keyColumn;
        this.schema = schema;
    }

    public String folder() {
        return folder;
    }

    /**
     * Writes {@code _duet-job.json} in a new folder; in a used one, requires the same
     * {@code settings} (compared as JSON), else {@link BadInputException} naming what differs.
     */
    public void claim(SparkSession spark, ObjectNode settings) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path job = new org.apache.hadoop.fs.Path(folder, JOB_FILE);
        try {
            FileSystem fs = job.getFileSystem(conf);
            if (fs.exists(job)) {
                JsonNode earlier;
                try (InputStream in = fs.open(job)) {
                    earlier = JSON.readTree(in);
                } catch (IOException e) {
                    throw new BadInputException(Path.of(job.toString()), "is not the JSON a Duet job writes: " + e.getMessage(), e);
                }
                JsonNode now = JSON.readTree(JSON.writeValueAsBytes(settings));
                if (!now.equals(earlier)) {
                    throw new BadInputException(Path.of(job.toString()), "this folder holds rows of other settings ("
                            + difference(earlier, now) + "); run again with the same settings, or choose another output");
                }
                return;
            }
            if (fs.exists(new org.apache.hadoop.fs.Path(folder)) && hasData(fs)) {
                throw new BadInputException(Path.of(folder), "holds files but no " + JOB_FILE + ": not a Duet job's output");
            }
            writeAtomically(conf, folder, JOB_FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
        } catch (IOException e) {
            throw new BadInputException(Path.of(folder), "cannot read or write: " + e.getMessage(), e);
        }
    }

    private boolean hasData(FileSystem fs) throws IOException {
        for (FileStatus status : fs.listStatus(new org.apache.hadoop.fs.Path(folder))) {
            if (!status.getPath().getName().startsWith("_") && !status.getPath().getName().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String difference(JsonNode earlier, JsonNode now) {
        StringBuilder changed = new StringBuilder();
        now.fieldNames().forEachRemaining(name -> {
            if (!now.get(name).equals(earlier.get(name))) {
                changed.append(changed.isEmpty() ? "" : ", ").append(name).append(": ").append(earlier.get(name))
                        .append(" then, ").append(now.get(name)).append(" now");
            }
        });
        return changed.isEmpty() ? "fields differ" : changed.toString();
    }

    /** Writes {@code name} in {@code folder} through a temporary file and a rename: complete or absent. */
    public static void writeAtomically(Configuration conf, String folder, String name, byte[] bytes) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(folder, name);
        org.apache.hadoop.fs.Path temporary = new org.apache.hadoop.fs.Path(folder, "_" + name + ".tmp");
        FileSystem fs = target.getFileSystem(conf);
        fs.mkdirs(target.getParent());
        try (FSDataOutputStream out = fs.create(temporary, true)) {
            out.write(bytes);
        }
        if (fs.exists(target) && !fs.delete(target, false) || !fs.rename(temporary, target)) {
            throw new IOException("cannot rename " + temporary + " to " + target);
        }
    }

    /** The rows already written (none for a new folder). */
    public Dataset<Row> rows(SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(folder);
        try {
            if (!path.getFileSystem(conf).exists(path)) {
                return spark.createDataFrame(java.util.List.of(), schema);
            }
        } catch (IOException e) {
            throw new BadInputException(Path.of(folder), "cannot read: " + e.getMessage(), e);
        }
        return spark.read().schema(schema).parquet(folder);
    }

    /** The items of {@code items} (which has {@link #keyColumn}) with no row in the folder yet. */
    public Dataset<Row> missing(SparkSession spark, Dataset<Row> items) {
        Dataset<Row> done = rows(spark).select(col(keyColumn)).distinct();
        return items.join(done, items.col(keyColumn).equalTo(done.col(keyColumn)), "left_anti");
    }

    /** Appends {@code rows}, each partition's rows as one file committed when its task commits. */
    public void append(Dataset<Row> rows) {
        rows.write()
                .mode(SaveMode.Append)
                .option("mapreduce.fileoutputcommitter.algorithm.version", "2")
                .option("maxRecordsPerFile", 0)
                .parquet(folder);
    }
}
