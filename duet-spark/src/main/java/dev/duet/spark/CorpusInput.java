/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.BadInputException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

/**
 * Where a corpus's images come from, as rows {@code (key string, path string, content binary)}
 * with exactly one of path and content set: a folder (listed through Spark's {@code binaryFile}
 * source, recursively, without reading the files: executors read each image when they embed it),
 * or a Parquet table with a column of paths or of encoded image bytes.
 */
public sealed interface CorpusInput {

    /** The image file extensions a folder's listing keeps (case-insensitive). */
    String IMAGE_NAMES = "(?i).*\\.(png|jpe?g|bmp|gif|webp)$";

    Dataset<Row> items(SparkSession spark);

    /** A human description for {@code _duet-job.json}. */
    String describe();

    /** Every image below {@code folder}; an item's key is its path relative to the folder ({@code a/b.png}). */
    record Folder(String folder) implements CorpusInput {
        @Override
        public Dataset<Row> items(SparkSession spark) {
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(folder);
            String qualified;
            try {
                FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
                if (!fs.getFileStatus(root).isDirectory()) {
                    throw new BadInputException(Path.of(folder), "is not a folder");
                }
                qualified = fs.makeQualified(root).toString();
            } catch (java.io.FileNotFoundException e) {
                throw new BadInputException(Path.of(folder), "does not exist", e);
            } catch (IOException e) {
                throw new BadInputException(Path.of(folder), "cannot list: " + e.getMessage(), e);
            }
            String prefix = qualified.endsWith("/") ? qualified : qualified + "/";
            // selecting no 'content' column keeps binaryFile from reading the files on the driver's side of the job
            return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(folder)
                    .select(col("path"))
                    .where(col("path").rlike(IMAGE_NAMES))
                    .select(substring(col("path"), prefix.length() + 1, Integer.MAX_VALUE).as("key"), col("path"),
                            lit(null).cast(DataTypes.BinaryType).as("content"))
                    .where(col("path").startsWith(prefix).and(length(col("key")).gt(0)));
        }

        @Override
        public String describe() {
            return "folder " + folder;
        }
    }

    /**
     * A Parquet table: {@code pathColumn} (paths or URIs) or {@code bytesColumn} (encoded images),
     * exactly one of them; the key is {@code keyColumn}, or the path, or the SHA-256 of the bytes.
     */
    record Table(String table, String keyColumn, String pathColumn, String bytesColumn) implements CorpusInput {

        public Table {
            if ((pathColumn == null) == (bytesColumn == null)) {
                throw new BadInputException(Path.of(table), "name exactly one of a path column and a bytes column");
            }
        }

        @Override
        public Dataset<Row> items(SparkSession spark) {
            Dataset<Row> rows = spark.read().parquet(table);
            StructType schema = rows.schema();
            String source = pathColumn != null ? pathColumn : bytesColumn;
            require(schema, source, pathColumn != null ? DataTypes.StringType : DataTypes.BinaryType);
            if (keyColumn != null) {
                require(schema, keyColumn, DataTypes.StringType);
            }
            Column key = keyColumn != null ? col(keyColumn) : pathColumn != null ? col(pathColumn) : sha2(col(bytesColumn), 256);
            Column path = pathColumn != null ? col(pathColumn) : lit(null).cast(DataTypes.StringType);
            Column content = bytesColumn != null ? col(bytesColumn) : lit(null).cast(DataTypes.BinaryType);
            return rows.select(key.as("key"), path.as("path"), content.as("content")).where(col("key").isNotNull());
        }

        private void require(StructType schema, String column, org.apache.spark.sql.types.DataType type) {
            StructField field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(column)).findFirst()
                    .orElseThrow(() -> new BadInputException(Path.of(table), "has no column '" + column + "' (columns: "
                            + String.join(", ", schema.fieldNames()) + ")"));
            if (!field.dataType().equals(type)) {
                throw new BadInputException(Path.of(table), "column '" + column + "' is " + field.dataType().simpleString()
                        + ", not " + type.simpleString());
            }
        }

        @Override
        public String describe() {
            return "table " + table + (pathColumn != null ? " paths " + pathColumn : " bytes " + bytesColumn)
                    + (keyColumn != null ? " keys " + keyColumn : "");
        }
    }
}
