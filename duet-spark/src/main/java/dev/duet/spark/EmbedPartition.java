/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.BadInputException;
import dev.duet.Spelling;
import dev.duet.data.BadRecordPolicy;
import dev.duet.explain.Explainer;
import dev.duet.explain.Factor;
import dev.duet.image.ImageDecoder;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Computes the rows of {@link EmbedCorpus#SCHEMA} for one partition of items
 * {@code (key, path, content)}: the executor's model ({@link ExecutorModels}), an explainer with
 * the job's settings on {@code threadsPerTask} threads, and for each image its bytes (read through
 * Hadoop's file system when given as a path), {@code preprocess(bytes)},
 * {@code DualEncoder.embedImages} and {@code Explainer.imageFactor}: the calls {@code ./duet} makes
 * on one machine.
 */
final class EmbedPartition implements MapPartitionsFunction<Row, Row> {

    private final Broadcast<JobSettings> settings;
    private final Broadcast<SerializableConfiguration> conf;
    private final BadRecordPolicy policy;

    EmbedPartition(Broadcast<JobSettings> settings, Broadcast<SerializableConfiguration> conf, BadRecordPolicy policy) {
        this.settings = settings;
        this.conf = conf;
        this.policy = policy;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> items) {
        JobSettings job = settings.value();
        DualEncoder model = ExecutorModels.model(job);
        Row settingsRow = EmbedCorpus.settingsRow(job);
        List<Row> rows = new ArrayList<>();
        try (Parallel parallel = Parallel.of(job.threadsPerTask())) {
            Explainer explainer = Explainer.forModel(model, job.options(), parallel);
            while (items.hasNext()) {
                Row item = items.next();
                String key = item.getString(0);
                try {
                    PreprocessedImage image = model.preprocessor().preprocess(bytes(item), key);
                    Factor factor = explainer.imageFactor(image.pixels());
                    float[] embedding = model.embedImages(parallel, List.of(image))[0];
                    rows.add(RowFactory.create(key, embedding, factor.inputEmbedding(), factor.rows(), factor.rowCount(), factor.dim(),
                            factor.referenceEmbedding(), Spelling.of(factor.rule()), factor.nodes(), factor.residual(),
                            image.geometry().originalWidth(), image.geometry().originalHeight(), null, settingsRow));
                } catch (BadInputException e) {
                    if (policy == BadRecordPolicy.FAIL) {
                        throw e;
                    }
                    rows.add(RowFactory.create(key, null, null, null, null, null, null, null, null, null, null, null,
                            e.getMessage(), settingsRow));
                }
            }
        }
        return rows.iterator();
    }

    /** The item's encoded image: its content, or its file read whole (up to the decoder's cap). */
    private byte[] bytes(Row item) {
        if (!item.isNullAt(2)) {
            return (byte[]) item.get(2);
        }
        String path = item.getString(1);
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(path);
        try {
            FileSystem fs = file.getFileSystem(conf.value().value());
            long length = fs.getFileStatus(file).getLen();
            if (length > ImageDecoder.MAX_FILE_BYTES) {
                throw new BadInputException(Path.of(path), "larger than " + ImageDecoder.MAX_FILE_BYTES + " bytes: not decoded");
            }
            byte[] bytes = new byte[(int) length];
            try (FSDataInputStream in = fs.open(file)) {
                in.readFully(0, bytes);
            }
            return bytes;
        } catch (IOException e) {
            throw new BadInputException(Path.of(path), "cannot read: " + e.getMessage(), e);
        }
    }
}
