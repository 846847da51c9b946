/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.BadInputException;
import dev.duet.model.BertTextEncoder;
import dev.duet.model.SentenceEncoder;
import dev.duet.tensor.Gemm;
import dev.duet.tensor.Matrix;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Second-order attributions of a text-text dual encoder (docs/method.md §9): the cosine of two
 * sentences' embeddings from one BERT tower, decomposed token by token. Both factors come from
 * the same {@link DenseSlice} by forward mode ({@link FactorEngine}; sentences are short, so
 * neither side needs reverse mode), and {@code A = U_first U_second^T} [T_first][T_second] adds up
 * to the four-term change of the cosine. The cut is the options' text layer (by default the last
 * block's input), the same for both sentences.
 *
 * <p>The reference of a sentence of T tokens is {@code [CLS] [PAD] x (T-2) [SEP]} over the same
 * rows: the tower reads every row (mean pooling, or [CLS] attending to all), so the special
 * tokens stay and every word is replaced by padding. The options' image settings and logit
 * scaling do not apply (a sentence encoder's score is the cosine).
 */
public final class SentencePairExplainer {

    /** How the JSON's settings name the reference. */
    public static final String REFERENCE = "[CLS] [PAD]... [SEP]";

    private final SentenceEncoder model;
    private final ExplainOptions options;
    private final Parallel parallel;
    private final FactorEngine engine;
    private final int layer;
    // reference states depend only on the length: computed once per explainer
    private final Map<Integer, float[][]> references = new ConcurrentHashMap<>();   // rows -> {state, embedding}

    public SentencePairExplainer(SentenceEncoder model, ExplainOptions options, Parallel parallel) {
        this.model = model;
        int blocks = model.tower().blocks().size();
        this.layer = options.textLayer() == null ? blocks - 1 : options.textLayer();
        if (layer < 0 || layer > blocks) {
            throw new BadInputException(null, "text layer " + layer + " is outside 0.." + blocks
                    + " (the input of a block, or " + blocks + " = after the last block)");
        }
        this.options = options.withLayers(layer, null);
        this.parallel = parallel;
        this.engine = new FactorEngine(parallel);
    }

    public ExplainOptions options() {
        return options;
    }

    /** U of one sentence given as its encoding (unpadded): one row [D] per token, [CLS] and [SEP] included. */
    public Factor factor(Encoding encoding) {
        int[] ids = encoding.ids();
        int rows = ids.length;
        BertTextEncoder tower = model.tower();
        TowerSlice slice = DenseSlice.sentence(tower, model.pooling(), layer, rows);
        float[][] reference = references.computeIfAbsent(rows, key -> {
            float[] state = tower.hiddenState(parallel, referenceIds(encoding), layer);
            return new float[][] {state, slice.embedding(parallel, state)};
        });
        float[] x = tower.hiddenState(parallel, ids, layer);
        return engine.integrate(slice, x, reference[0], reference[1], options);
    }

    /** {@code [CLS] [PAD] ... [SEP]} over the encoding's rows. */
    private int[] referenceIds(Encoding encoding) {
        return TextReference.paddingBetween(encoding.ids(), model.tokenizer().padId());
    }

    /** Tokenises both sentences and explains their cosine. */
    public SentencePairExplanation explain(String first, String second) {
        long start = System.nanoTime();
        Encoding a = model.tokenizer().encode(first);
        Encoding b = model.tokenizer().encode(second);
        return explain(a, factor(a), b, factor(b), start);
    }

    /** A = U_first U_second^T of two factors ({@link #factor}) with the completeness report. */
    public SentencePairExplanation explain(Encoding first, Factor firstFactor, Encoding second, Factor secondFactor,
                                           long startNanos) {
        int rows = firstFactor.rowCount();
        int columns = secondFactor.rowCount();
        float[] interactions = new float[rows * columns];
        Gemm.multiply(Parallel.serial(), Matrix.of(firstFactor.rows(), rows, firstFactor.dim()),
                Matrix.of(secondFactor.rows(), columns, secondFactor.dim()).t(), Matrix.of(interactions, rows, columns),
                false);
        Completeness completeness = Explainer.completeness(firstFactor.integral(), secondFactor.integral(), interactions,
                rows, columns, false, 1.0);
        double similarity = Vectors.dot(Factor.mapped(Normalization.EXACT, firstFactor.inputEmbedding(),
                firstFactor.inputEmbedding()), Factor.mapped(Normalization.EXACT, secondFactor.inputEmbedding(),
                secondFactor.inputEmbedding()));
        return new SentencePairExplanation(first, second, interactions, similarity, completeness,
                firstFactor.integral(), secondFactor.integral(), options, (System.nanoTime() - startNanos) / 1e9);
    }
}
