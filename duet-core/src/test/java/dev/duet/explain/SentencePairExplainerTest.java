/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.SentenceEncoder;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text-text explanations on the tiny BERT sentence encoder: the entries add up to the four-term
 * change of the cosine at every cut, each sentence's rows add up to its embedding's change,
 * swapping the sentences transposes the matrix, the reported similarity is the model's cosine,
 * and the slice's cotangents are the transpose of its tangents.
 */
class SentencePairExplainerTest {

    private static final String FIRST = "A photo of a cat.";
    private static final String SECOND = "Two dogs play in the park!";

    private static SentenceEncoder model;

    @BeforeAll
    static void load() throws URISyntaxException {
        model = SentenceEncoder.load(Path.of(SentencePairExplainerTest.class.getResource("/dev/duet/model/bert-tiny").toURI()));
    }

    private static ExplainOptions options(int layer) {
        return ExplainOptions.defaults().withLayers(layer, null).withQuadrature(Quadrature.GAUSS_LEGENDRE, 24);
    }

    @ParameterizedTest(name = "cut at layer {0}")
    @ValueSource(ints = {0, 1, 2})
    void entriesAddUpToTheFourTermChangeOfTheCosineAtEveryCut(int layer) {
        SentencePairExplanation e = new SentencePairExplainer(model, options(layer), Parallel.serial())
                .explain(FIRST, SECOND);
        Completeness c = e.completeness();
        assertTrue(Math.abs(c.target()) > 1e-3, "a vanishing target tests nothing: " + c);
        assertTrue(Math.abs(c.error()) < 1e-4, "sum " + c.sum() + " vs target " + c.target());
        assertTrue(e.firstIntegral().residual() < 1e-4, "first residual " + e.firstIntegral().residual());
        assertTrue(e.secondIntegral().residual() < 1e-4, "second residual " + e.secondIntegral().residual());
    }

    @Test
    void swappingTheSentencesTransposesTheMatrix() {
        SentencePairExplainer explainer = new SentencePairExplainer(model, options(1), Parallel.serial());
        SentencePairExplanation forward = explainer.explain(FIRST, SECOND);
        SentencePairExplanation backward = explainer.explain(SECOND, FIRST);
        for (int i = 0; i < forward.first().size(); i++) {
            for (int j = 0; j < forward.second().size(); j++) {
                assertEquals(forward.interaction(i, j), backward.interaction(j, i), 1e-6);
            }
        }
    }

    @Test
    void theSimilarityIsTheModelsCosine() {
        SentencePairExplanation e = new SentencePairExplainer(model, options(1), Parallel.serial()).explain(FIRST, SECOND);
        float[][] embeddings = model.embed(Parallel.serial(), List.of(FIRST, SECOND));
        double cosine = Vectors.dot(Factor.mapped(Normalization.EXACT, embeddings[0], embeddings[0]),
                Factor.mapped(Normalization.EXACT, embeddings[1], embeddings[1]));
        assertEquals(cosine, e.similarity(), 1e-5);
        assertEquals(cosine, e.completeness().textImage(), 1e-5);
    }

    @Test
    void sliceCotangentsAreTheTransposeOfItsTangents() {
        int[] ids = model.tokenizer().encode(SECOND).ids();
        int rows = ids.length;
        int width = model.tower().config().width();
        for (int layer = 0; layer <= 2; layer++) {
            TowerSlice slice = DenseSlice.sentence(model.tower(), model.pooling(), layer, rows);
            float[] x = model.tower().hiddenState(Parallel.serial(), ids, layer);
            Random random = new Random(layer);
            float[] direction = new float[width];
            float[] w = new float[width];
            for (int i = 0; i < width; i++) {
                direction[i] = (float) random.nextGaussian();
                w[i] = (float) random.nextGaussian();
            }
            int row = 2;
            TowerSlice.Jvp jvp = slice.jvp(Parallel.serial(), x, direction, new int[] {row}, FactorEngine.MAX_CHUNK_FLOATS);
            float[] cotangent = slice.cotangents(Parallel.serial(), slice.forward(Parallel.serial(), x), w, 1);
            double left = 0;
            double right = 0;
            for (int i = 0; i < width; i++) {
                left += (double) jvp.tangents()[i] * w[i];
                right += (double) direction[i] * cotangent[row * width + i];
            }
            assertEquals(left, right, 1e-5 * Math.max(1, Math.abs(left)), "layer " + layer);
        }
    }
}
