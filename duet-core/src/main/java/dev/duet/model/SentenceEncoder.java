/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.Pooling;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.WordPieceTokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text-text dual encoder: a sentence-transformers BERT model (e.g. all-MiniLM-L6-v2), both
 * texts through one tower. A sentence is tokenised by WordPiece, run through the
 * {@link BertTextEncoder}, pooled ({@link SentencePooling}: the mean of its rows or its [CLS] row)
 * and, when the model lists sentence-transformers' Normalize, divided by its L2 norm.
 * Files: see {@link BertLayout}.
 *
 * @param normalizes whether embeddings are divided by their L2 norm (sentence-transformers' Normalize)
 */
public record SentenceEncoder(Path directory, BertTextEncoder tower, WordPieceTokenizer tokenizer,
                              SentencePooling pooling, boolean normalizes) {

    /** F.normalize's floor on the norm. */
    private static final double NORM_FLOOR = 1e-12;

    /**
     * The sentence encoder in {@code directory}.
     *
     * @throws dev.duet.BadInputException naming the file that is missing, malformed or of an unsupported kind
     */
    public static SentenceEncoder load(Path directory) {
        BertConfig config = BertLayout.readConfig(directory.resolve(BertLayout.CONFIG));
        BertLayout.Modules modules = BertLayout.readModules(directory, config);
        WordPieceTokenizer tokenizer = BertLayout.readTokenizer(directory, modules.maxSeqLength(), config);
        return new SentenceEncoder(directory, BertLayout.readTower(directory, config), tokenizer, modules.pooling(),
                modules.normalize());
    }

    /** Only the tokenizer of the sentence encoder in {@code directory} (no weights are read). */
    public static WordPieceTokenizer tokenizer(Path directory) {
        BertConfig config = BertLayout.readConfig(directory.resolve(BertLayout.CONFIG));
        return BertLayout.readTokenizer(directory, BertLayout.readModules(directory, config).maxSeqLength(), config);
    }

    /** The sentence embeddings [B][D] of {@code sentences}, run as one padded batch. */
    public float[][] embed(Parallel parallel, List<String> sentences) {
        List<int[]> ids = new ArrayList<>(sentences.size());
        for (String sentence : sentences) {
            ids.add(tokenizer.encode(sentence).ids());
        }
        return embedIds(parallel, ids);
    }

    /** The sentence embeddings [B][D] of encoded sentences ({@link Encoding#ids()}, unpadded). */
    public float[][] embedIds(Parallel parallel, List<int[]> ids) {
        if (ids.isEmpty()) {
            return new float[0][];
        }
        int d = tower.config().width();
        int[] keys = BertTextEncoder.lengths(ids);
        int rows = Arrays.stream(keys).max().orElseThrow();
        float[] hidden = tower.hiddenStates(parallel, ids);
        float[] pooled = switch (pooling) {
            case MEAN -> Pooling.mean(hidden, rows, d, keys);
            case CLS -> Pooling.select(hidden, rows, d, new int[keys.length]);
        };
        float[][] embeddings = new float[keys.length][];
        for (int b = 0; b < keys.length; b++) {
            embeddings[b] = Arrays.copyOfRange(pooled, b * d, (b + 1) * d);
            if (NonFiniteValues.any(embeddings[b])) {
                throw NonFiniteValues.problem(directory, "the embedding of sentence " + (b + 1),
                        NonFiniteValues.locateSentence(tower, parallel, ids.get(b)));
            }
        }
        // sentence-transformers' Normalize is F.normalize, whose norm has a floor
        return normalizes ? Embeddings.normalized(embeddings, NORM_FLOOR) : embeddings;
    }
}
