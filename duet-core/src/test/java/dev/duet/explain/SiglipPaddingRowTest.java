/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.DualEncoder;
import dev.duet.model.TextEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import dev.duet.tokenizer.Encoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SigLIP's padded positions are explained as one row, their sum: checked against the per-position factor that the
 * engine integrates over the same slice, for SigLIP (whose padding id is EOS's) and SigLIP 2 (whose {@code <pad>}
 * is not), and the explanation of the folded factor against the per-position one's padding rows added up.
 */
class SiglipPaddingRowTest {

    @ParameterizedTest
    @ValueSource(strings = {"siglip", "siglip2"})
    void thePaddedPositionsAreOneRowTheirSum(String family) {
        Path folder = family.equals("siglip") ? Fixtures.siglipModel() : Fixtures.siglip2Model();
        DualEncoder model = DualEncoder.load(folder);
        TextEncoder text = (TextEncoder) model.text();
        Encoding encoding = model.tokenize("a red square right of a blue rectangle");
        int[] ids = encoding.ids();
        int padding = encoding.eosIndex() + 1;
        assertEquals(padding, text.paddingFrom(ids), "the tokenizer's first padded position");
        assertTrue(ids.length - padding > 1, "a caption with padding to sum");

        try (Parallel parallel = Parallel.of(2)) {
            ExplainOptions options = ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, 4)
                    .withImageMode(ImageMode.REVERSE);
            Explainer explainer = Explainer.forModel(model, options, parallel);
            Factor folded = explainer.textFactor(ids);
            int rows = ids.length;
            assertEquals(rows, folded.rowCount(), "a row per position");
            assertEquals(padding + 1, folded.nonZeroRows(), "the text's rows, EOS's, and one for the padding");

            // the same integral over every position, as the engine gives it before the padding is folded
            int layer = explainer.textLayer();
            TowerSlice slice = TransformerSlice.text(text, layer, rows, text.pooledRow(ids));
            float[] referenceState = text.hiddenState(parallel,
                    TextReference.of(text.config()).ids(text.config(), rows, explainer.options().textReferenceLength()),
                    rows, layer);
            Factor perPosition = new FactorEngine(parallel).integrate(slice, text.hiddenState(parallel, ids, rows, layer),
                    referenceState, slice.embedding(parallel, referenceState), explainer.options());

            int dim = folded.dim();
            assertArrayEquals(Arrays.copyOf(perPosition.rows(), padding * dim), Arrays.copyOf(folded.rows(), padding * dim),
                    "the words' and EOS's rows unchanged");
            double largest = 0;
            float[] sum = new float[dim];
            for (int row = padding; row < rows; row++) {
                for (int j = 0; j < dim; j++) {
                    sum[j] += perPosition.rows()[row * dim + j];
                    largest = Math.max(largest, Math.abs(perPosition.rows()[row * dim + j]));
                }
            }
            assertTrue(largest > 1e-4, "padded rows that carry something at layer " + layer + ": " + largest);
            float[] paddingRow = folded.row(padding);
            for (int j = 0; j < dim; j++) {
                assertEquals(sum[j], paddingRow[j], 1e-6 * (1 + Math.abs(sum[j])), "padding row, entry " + j);
            }
            assertEquals(perPosition.residual(), folded.residual(), "the tower's completeness is the integral's");

            // the image side pulls back the folded rows: the words' rows of A are those of every position pulled
            // back, and the padding row is the sum of theirs
            float[] pixels = model.preprocess(Fixtures.root().resolve("images/img1_green_triangle.png")).pixels();
            Explanation once = explainer.explain(folded, pixels);
            Explanation each = explainer.explain(perPosition, pixels);
            int columns = once.columns();
            for (int column = 0; column < columns; column++) {
                double paddingSum = 0;
                for (int row = padding; row < rows; row++) {
                    paddingSum += each.at(row, column);
                }
                double scale = 1e-5 * (1 + Math.abs(paddingSum));
                assertEquals(paddingSum, once.at(padding, column), scale, "padding, column " + column);
                assertEquals(each.at(0, column), once.at(0, column), 1e-5 * (1 + Math.abs(each.at(0, column))));
                for (int row = padding + 1; row < rows; row++) {
                    assertEquals(0f, once.at(row, column), 0f, "a folded row");
                }
            }
            assertEquals(each.completeness().sum(), once.completeness().sum(), 1e-5);
        }
    }
}
