/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkMainTest {

    private record Result(int exit, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SparkMain.run(new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(exit, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTableOfImageBytesIsEmbeddedAndABadImageUnderFailExitsWithTwo(@TempDir Path temp) throws IOException {
        Path table = temp.resolve("table");
        StructType schema = new StructType().add("name", DataTypes.StringType).add("image", DataTypes.BinaryType);
        byte[] good = Files.readAllBytes(SparkTests.fixtures().resolve("images/img1_green_triangle.png"));
        SparkTests.session().createDataFrame(List.<Row>of(RowFactory.create("triangle", good),
                RowFactory.create("noise", new byte[] {9, 9, 9})), schema).write().parquet(table.toString());
        String[] common = {"--master", "local[2]", "--model", SparkTests.tinyModel().toString(), "--quadrature", "gauss-legendre",
                "--steps", "2", "--table", table.toString(), "--bytes-column", "image", "--key-column", "name"};

        Result skipped = run(concat(new String[] {"embed", "--out", temp.resolve("skip").toString()}, common));
        assertEquals(0, skipped.exit(), skipped.err());

        Result failed = run(concat(new String[] {"embed", "--on-bad-record", "fail", "--out", temp.resolve("fail").toString()},
                common));
        assertEquals(2, failed.exit(), failed.err());
        assertTrue(failed.err().startsWith("duet-spark: noise: "), failed.err());
        assertEquals(1, failed.err().strip().lines().count(), failed.err());

        Result missingColumn = run("embed", "--master", "local[1]", "--model", SparkTests.tinyModel().toString(),
                "--table", table.toString(), "--path-column", "file", "--out", temp.resolve("other").toString());
        assertEquals(2, missingColumn.exit(), missingColumn.err());
        assertTrue(missingColumn.err().contains("has no column 'file' (columns: name, image)"), missingColumn.err());
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
