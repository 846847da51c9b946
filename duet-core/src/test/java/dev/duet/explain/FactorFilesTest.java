/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.BadInputException;
import dev.duet.model.ClipModel;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factor files keep their rule and mode as enums, and files of earlier versions still read. */
class FactorFilesTest {

    @TempDir
    Path directory;

    @Test
    void aFactorFileOfAnEarlierVersionReadsAsTheFactorComputedNow() throws URISyntaxException {
        Factor earlier = FactorFiles.read(Path.of(FactorFilesTest.class.getResource("earlier/factor-v0.1.safetensors").toURI()));
        assertEquals(Quadrature.RIEMANN, earlier.rule());
        assertEquals(Normalization.EXACT, earlier.normalization(), "written as EXACT by that version");
        assertEquals(4, earlier.nodes());
        ClipModel model = ClipModel.load(Fixtures.tinyModel());
        try (Parallel parallel = Parallel.of(1)) {
            Factor now = Explainer.forModel(model, ExplainOptions.defaults().withQuadrature(Quadrature.RIEMANN, 4), parallel)
                    .textFactor(model.tokenize("a red circle").ids());
            assertEquals(now.rowCount(), earlier.rowCount());
            assertEquals(now.dim(), earlier.dim());
            for (int i = 0; i < now.rows().length; i++) {
                assertEquals(now.rows()[i], earlier.rows()[i], 1e-6, "row entry " + i);
            }
            assertEquals(now.residual(), earlier.residual(), 1e-6);
        }
    }

    @Test
    void ruleAndModeAreWrittenInTheirOneSpellingAndReadBack() throws IOException {
        Factor factor = new Factor(new float[] {1, 2, 3, 4}, 2, 2, new float[] {1, 0}, new float[] {0, 1},
                Normalization.PUBLISHED, Quadrature.GAUSS_LEGENDRE, 8, 0.5);
        Path file = directory.resolve("factor.safetensors");
        FactorFiles.write(file, factor, Map.of());
        try (var safetensors = dev.duet.model.safetensors.SafetensorsFile.open(file)) {
            assertEquals("gauss-legendre", safetensors.metadata().get("rule"));
            assertEquals("published", safetensors.metadata().get("normalization"));
        }
        Factor read = FactorFiles.read(file);
        assertEquals(Quadrature.GAUSS_LEGENDRE, read.rule());
        assertEquals(Normalization.PUBLISHED, read.normalization());
    }

    @Test
    void anUnknownRuleIsBadInputNamingTheChoices() throws IOException {
        Path file = directory.resolve("odd.safetensors");
        new SafetensorsWriter().put("rows", new float[] {1, 2}, 1, 2).put("input_embedding", new float[] {1, 0}, 2)
                .put("reference_embedding", new float[] {0, 1}, 2).metadata("normalization", "exact")
                .metadata("rule", "simpson").metadata("nodes", "4").metadata("residual", "0").write(file, DType.F32);
        BadInputException thrown = assertThrows(BadInputException.class, () -> FactorFiles.read(file));
        assertTrue(thrown.getMessage().contains("riemann | gauss-legendre | adaptive"), thrown.getMessage());
    }
}
