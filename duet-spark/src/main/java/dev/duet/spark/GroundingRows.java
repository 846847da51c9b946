/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.grounding.BoxSize;
import dev.duet.grounding.LoggedResult;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rows of {@link GroundingJob}: per image, one {@link Kind#IMAGE} row (position 0: how many of
 * its phrases the crop cut away, and the records it skipped), then one row per scored phrase or
 * contrast in the order {@code GroundingRun} scores them (positions 1, 2, ...), with the fields of
 * the {@code results.jsonl} lines of {@code ./duet eval}.
 */
final class GroundingRows {

    /** What a row is. */
    enum Kind {
        IMAGE, PHRASE, CONTRAST;

        String columnName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final StructType SCORE = new StructType()
            .add("hit", DataTypes.BooleanType, false)
            .add("mass", DataTypes.DoubleType, false);

    static final StructType SCHEMA = new StructType()
            .add("image_index", DataTypes.IntegerType, false)
            .add("image_id", DataTypes.StringType, false)
            .add("position", DataTypes.IntegerType, false)
            .add("kind", DataTypes.StringType, false)
            .add("key", DataTypes.StringType, true)
            .add("label", DataTypes.StringType, true)
            .add("size", DataTypes.StringType, true)
            .add("chance", DataTypes.DoubleType, true)
            // by the name of the map (MapSource: duet, random, centre, gradient, dense)
            .add("scores", DataTypes.createMapType(DataTypes.StringType, SCORE, false), true)
            .add("positive", DataTypes.DoubleType, true)
            .add("negative", DataTypes.DoubleType, true)
            .add("not_visible", DataTypes.IntegerType, true)
            .add("skipped", DataTypes.IntegerType, true)
            .add("skip_reasons", DataTypes.createArrayType(DataTypes.StringType, false), true);

    private GroundingRows() {
    }

    static Row image(int index, String id, int notVisible, int skipped, List<String> reasons) {
        return RowFactory.create(index, id, 0, Kind.IMAGE.columnName(), null, null, null, null, null, null, null, notVisible,
                skipped, reasons.toArray(String[]::new));
    }

    static Row result(int index, String id, int position, LoggedResult result) {
        return switch (result) {
            case LoggedResult.Phrase phrase -> {
                Map<String, Row> scores = new LinkedHashMap<>();
                phrase.scores().forEach((source, score) -> scores.put(source, RowFactory.create(score.hit(), score.mass())));
                yield RowFactory.create(index, id, position, Kind.PHRASE.columnName(), phrase.key(), phrase.label(),
                        phrase.size().jsonName(), phrase.chance(), scala.jdk.javaapi.CollectionConverters.asScala(scores),
                        null, null, null, null, null);
            }
            case LoggedResult.Contrast contrast -> RowFactory.create(index, id, position, Kind.CONTRAST.columnName(),
                    contrast.key(), contrast.label(), null, null, null, contrast.positive(), contrast.negative(), null, null, null);
        };
    }

    /** The result a phrase or contrast row holds. */
    static LoggedResult result(Row row) {
        String kind = row.getString(row.fieldIndex("kind"));
        String key = row.getString(row.fieldIndex("key"));
        String label = row.getString(row.fieldIndex("label"));
        if (kind.equals(Kind.CONTRAST.columnName())) {
            return new LoggedResult.Contrast(key, label, row.getDouble(row.fieldIndex("positive")),
                    row.getDouble(row.fieldIndex("negative")));
        }
        SortedMap<String, LoggedResult.Score> scores = new TreeMap<>();
        Map<String, Row> stored = row.getJavaMap(row.fieldIndex("scores"));
        stored.forEach((source, score) -> scores.put(source, new LoggedResult.Score(score.getBoolean(0), score.getDouble(1))));
        return new LoggedResult.Phrase(key, label, BoxSize.valueOf(row.getString(row.fieldIndex("size")).toUpperCase(Locale.ROOT)),
                row.getDouble(row.fieldIndex("chance")), scores);
    }
}
