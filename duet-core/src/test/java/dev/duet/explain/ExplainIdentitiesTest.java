/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.Score;
import dev.duet.model.TextEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Identities of the attribution engine that no fixture states: completeness at high N, the
 * Gauss-Legendre claim against the fixture errors, JVPs against finite differences of the
 * tower slices, factor reuse, every layer cut, and the alternative references.
 */
class ExplainIdentitiesTest {

    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private static TextEncoder text;
    private static VisionEncoder vision;
    private static float logitScale;

    @BeforeAll
    static void load() {
        ClipCheckpoint checkpoint = ClipCheckpoint.load(Fixtures.tinyModel());
        text = new TextEncoder(checkpoint.config().text(), checkpoint.weights().text(), checkpoint.config().projectionDim());
        vision = new VisionEncoder(checkpoint.config().vision(), checkpoint.weights().vision(), checkpoint.config().projectionDim());
        logitScale = checkpoint.weights().logitScale();
    }

    private static Explainer explainer(ExplainOptions options) {
        return new Explainer(text, vision, new Score.Softmax(logitScale), MEAN, STD, options, Parallel.of(2));
    }

    private static Explanation explain(Explainer explainer, int caption, int image) {
        return explainer.explain(explainer.textFactor(Fixtures.captionIds(caption)), explainer.imageFactor(Fixtures.cropPixels(image)));
    }

    @ParameterizedTest(name = "layer {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void entriesAddUpToTheFourTermIdentityAtEveryCut(int layer) {
        Explainer explainer = explainer(ExplainOptions.defaults().withLayers(layer, layer).withQuadrature(Quadrature.GAUSS_LEGENDRE, 24));
        for (int[] pair : new int[][] {{0, 0}, {0, 1}, {3, 3}}) {
            Completeness completeness = explain(explainer, pair[0], pair[1]).completeness();
            assertEquals(completeness.target(), completeness.sum(), 2e-5,
                    "layer " + layer + " pair " + pair[0] + ":" + pair[1]);
            assertTrue(Math.abs(completeness.target()) > 1e-3, "a non-trivial target");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"REVERSE", "FORWARD"})
    void nodesSpreadOverThreadsGiveTheBitsOfNodesInTurn(String mode) {
        assertTrue(PathNodes.perThread(Parallel.of(2), TowerSlice.image(vision, 1)), "the fixture's slices are small");
        ExplainOptions options = ExplainOptions.defaults().withLayers(1, 1).withImageMode(ImageMode.valueOf(mode));
        Explainer spread = explainer(options);
        Explainer inTurn = new Explainer(text, vision, new Score.Softmax(logitScale), MEAN, STD, options, Parallel.serial());
        for (int[] pair : new int[][] {{0, 1}, {2, 3}}) {
            Explanation a = explain(spread, pair[0], pair[1]);
            Explanation b = explain(inTurn, pair[0], pair[1]);
            assertArrayEquals(b.interactions(), a.interactions(), 0f, "pair " + pair[0] + ":" + pair[1]);
            assertEquals(b.completeness().sum(), a.completeness().sum(), 0);
        }
    }

    @Test
    void publishedModeAddsUpToItsOwnTarget() {
        Explainer explainer = explainer(ExplainOptions.defaults().withLayers(1, 1)
                .withQuadrature(Quadrature.GAUSS_LEGENDRE, 24).withNormalization(Normalization.PUBLISHED));
        Completeness completeness = explain(explainer, 2, 2).completeness();
        assertEquals(completeness.target(), completeness.sum(), 2e-5);
    }

    @Test
    void termsUseTheModelsCosineAndThePathsOwnReferences() {
        Explanation explanation = explain(explainer(ExplainOptions.defaults()), 0, 1);
        JsonNode embeddings = Fixtures.json("tiny/embeddings.json");
        assertEquals(embeddings.get("cosine_text_by_image").get(0).get(1).asDouble(), explanation.similarity(), 1e-6);
        assertEquals(explanation.similarity(), explanation.completeness().textImage(), 1e-9);
        JsonNode exact = Fixtures.json("tiny/exact_layer2_N10.json").get("pairs").get("0:1").get("terms_exact");
        Completeness terms = explanation.completeness();
        assertEquals(exact.get("s_text_refimage").asDouble(), terms.textReferenceImage(), 1e-6);
        assertEquals(exact.get("s_reftextAtCaptionEos_image").asDouble(), terms.referenceTextImage(), 1e-6);
        assertEquals(exact.get("s_reftextAtCaptionEos_refimage").asDouble(), terms.referenceTextReferenceImage(), 1e-6);
    }

    /** Issue 4's claim: Gauss-Legendre with 8 nodes beats the right Riemann rule with N = 200. */
    @ParameterizedTest(name = "layer {0}")
    @ValueSource(ints = {0, 2})
    void gaussLegendreWithEightNodesBeatsRiemannWithTwoHundred(int layer) {
        JsonNode pairs = Fixtures.json("tiny/completeness_layer" + layer + ".json").get("pairs");
        Explainer explainer = explainer(ExplainOptions.defaults().withLayers(layer, layer).withQuadrature(Quadrature.GAUSS_LEGENDRE, 8));
        for (var it = pairs.fields(); it.hasNext(); ) {
            var pair = it.next();
            String[] indices = pair.getKey().split(":");
            Completeness completeness = explain(explainer, Integer.parseInt(indices[0]), Integer.parseInt(indices[1])).completeness();
            double riemann = Math.abs(pair.getValue().get("by_N").get("200").get("error_exact_vs_lhs_exact").asDouble());
            assertEquals(pair.getValue().get("lhs_exact").asDouble(), completeness.target(), 1e-5, "target of " + pair.getKey());
            assertTrue(Math.abs(completeness.error()) < riemann,
                    "pair " + pair.getKey() + ": Gauss-Legendre 8 error " + completeness.error() + " vs Riemann 200 " + riemann);
        }
    }

    @Test
    void adaptiveModeReachesItsTolerance() {
        Explainer explainer = explainer(ExplainOptions.defaults().withLayers(0, 0)
                .withQuadrature(Quadrature.ADAPTIVE, 2).withTolerance(1e-5));
        Explanation explanation = explain(explainer, 4, 4);
        assertTrue(explanation.text().residual() <= 1e-5 && explanation.image().residual() <= 1e-5);
        assertTrue(explanation.text().nodes() > 2, "needed more than the first try");
        assertEquals(explanation.completeness().target(), explanation.completeness().sum(), 1e-5);
    }

    /** Reverse mode checks its own image residual (one dense tangent per node) and stops where forward mode does. */
    @Test
    void adaptiveReverseModeReachesItsToleranceWithTheForwardModesNodes() {
        ExplainOptions options = ExplainOptions.defaults().withLayers(0, 0).withQuadrature(Quadrature.ADAPTIVE, 2)
                .withTolerance(1e-5);
        Explainer forward = explainer(options.withImageMode(ImageMode.FORWARD));
        Explainer reverse = explainer(options.withImageMode(ImageMode.REVERSE));
        Factor text = forward.textFactor(Fixtures.captionIds(4));
        Explanation expected = forward.explain(text, Fixtures.cropPixels(4));
        Explanation actual = reverse.explain(text, Fixtures.cropPixels(4));
        assertTrue(actual.image().residual() <= 1e-5, "image residual " + actual.image().residual());
        assertEquals(expected.image().nodes(), actual.image().nodes());
        assertEquals(expected.image().residual(), actual.image().residual(), 1e-6);
        assertEquals(actual.completeness().target(), actual.completeness().sum(), 1e-5);
        for (int i = 0; i < expected.interactions().length; i++) {
            assertEquals(expected.interactions()[i], actual.interactions()[i], 1e-6, "entry " + i);
        }
    }

    /**
     * The adaptive rule chooses its panels on the dense path and integrates the caption's rows once, on
     * those panels; the factor {@link FactorEngine#integrate} returns is that rule's, bit for bit, within
     * the tolerance, and on a smooth path it needs no more nodes than Gauss-Legendre on the whole path.
     */
    @Test
    void adaptiveRuleIntegratesTheRowsOnceOnThePanelsItChose() {
        int[] ids = Fixtures.captionIds(4);
        int rows = text.pooledRow(ids) + 1;
        TowerSlice slice = TransformerSlice.text(text, 0, rows, rows - 1);
        float[] x = text.hiddenState(Parallel.serial(), ids, rows, 0);
        float[] reference = text.hiddenState(Parallel.serial(),
                TextReference.of(text.config()).ids(text.config(), rows, 1), rows, 0);
        float[] referenceEmbedding = slice.embedding(Parallel.serial(), reference);
        FactorEngine engine = new FactorEngine(Parallel.serial());
        ExplainOptions options = ExplainOptions.defaults().withLayers(0, 0).withQuadrature(Quadrature.ADAPTIVE, 2)
                .withTolerance(1e-5);
        List<QuadratureRule> integrated = new java.util.ArrayList<>();
        Factor chosen = AdaptiveRule.integrate(options, (rule, screened) -> {
            integrated.add(rule);
            Factor factor = engine.compute(slice, x, reference, referenceEmbedding, rule, Normalization.EXACT);
            assertEquals(factor.residual(), screened, 1e-6 + 1e-4 * factor.residual(), "the screen's residual");
            return factor;
        }, Factor::residual, () -> new DensePath(Parallel.serial(), slice, x, reference, referenceEmbedding,
                Normalization.EXACT));
        assertEquals(1, integrated.size(), "rows integrated once");
        assertTrue(chosen.residual() <= 1e-5, "residual " + chosen.residual());
        int nodes = integrated.get(0).size();
        assertTrue(nodes > 2, "needed more than the first try: " + nodes + " nodes");
        Factor viaEngine = engine.integrate(slice, x, reference, referenceEmbedding, options);
        assertArrayEquals(chosen.rows(), viaEngine.rows());
        assertEquals(nodes, viaEngine.nodes());
        // on this smooth path, no more nodes than Gauss-Legendre on the whole path, doubled from 2 until within
        int wholePath = 2;
        while (engine.compute(slice, x, reference, referenceEmbedding, QuadratureRule.gaussLegendre(wholePath),
                Normalization.EXACT).residual() > 1e-5) {
            wholePath *= 2;
        }
        assertTrue(nodes <= wholePath, nodes + " nodes on panels against " + wholePath + " on the whole path");
    }

    /**
     * Several captions against one image in one pass (reverse mode: the image's path shared, every caption's
     * rows pulled back together; forward mode: V once) give each caption what it gets alone, but for rounding,
     * and the automatic mode weighs the captions' rows together against the image's.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = ImageMode.class, names = {"REVERSE", "FORWARD"})
    void severalCaptionsAgainstOneImageGiveWhatEachGetsAlone(ImageMode mode) {
        Explainer explainer = explainer(ExplainOptions.defaults().withLayers(0, 0).withImageMode(mode));
        float[] pixels = Fixtures.cropPixels(1);
        List<Factor> captions = List.of(explainer.textFactor(Fixtures.captionIds(0)),
                explainer.textFactor(Fixtures.captionIds(1)), explainer.textFactor(Fixtures.captionIds(3)));
        List<Explanation> together = explainer.explain(captions, pixels);
        assertEquals(captions.size(), together.size());
        for (int c = 0; c < captions.size(); c++) {
            Explanation alone = explainer.explain(captions.get(c), pixels);
            Explanation shared = together.get(c);
            assertEquals(mode, shared.options().imageMode());
            assertEquals(alone.tokens(), shared.tokens());
            assertEquals(alone.image().nodes(), shared.image().nodes());
            double largest = 0;
            for (float value : alone.interactions()) {
                largest = Math.max(largest, Math.abs(value));
            }
            for (int i = 0; i < alone.interactions().length; i++) {
                assertEquals(alone.interactions()[i], shared.interactions()[i], 1e-5 * largest, "caption " + c + " entry " + i);
            }
            assertEquals(alone.completeness().target(), shared.completeness().target(), 1e-12);
            assertEquals(alone.completeness().sum(), shared.completeness().sum(), 1e-5);
        }
        assertEquals(List.of(), explainer.explain(List.of(), pixels));
        Explainer automatic = explainer(ExplainOptions.defaults().withLayers(0, 0));
        int imageRows = vision.cut(0).rows();
        int captionRows = captions.get(0).nonZeroRows();
        List<Factor> fewer = java.util.Collections.nCopies(Math.max(1, (imageRows - 1) / captionRows), captions.get(0));
        List<Factor> more = java.util.Collections.nCopies(imageRows / captionRows + 1, captions.get(0));
        assertEquals(ImageMode.REVERSE, automatic.imageModeFor(fewer));
        assertEquals(ImageMode.FORWARD, automatic.imageModeFor(more));
    }

    /** By linearity the dense tangent's residual is the factor's own, at one tangent per node instead of one per row. */
    @ParameterizedTest(name = "layer {0}")
    @ValueSource(ints = {0, 2})
    void denseResidualIsTheFactorsResidual(int layer) {
        int[] ids = Fixtures.captionIds(2);
        int rows = text.pooledRow(ids) + 1;
        TowerSlice slice = TransformerSlice.text(text, layer, rows, rows - 1);
        float[] x = text.hiddenState(Parallel.serial(), ids, rows, layer);
        int[] referenceIds = TextReference.of(text.config()).ids(text.config(), rows, 1);
        float[] reference = text.hiddenState(Parallel.serial(), referenceIds, rows, layer);
        float[] referenceEmbedding = slice.embedding(Parallel.serial(), reference);
        for (int nodes : new int[] {2, 4, 8}) {
            QuadratureRule rule = QuadratureRule.gaussLegendre(nodes);
            Factor factor = new FactorEngine(Parallel.serial()).compute(slice, x, reference, referenceEmbedding, rule,
                    Normalization.EXACT);
            DensePath path = new DensePath(Parallel.serial(), slice, x, reference, referenceEmbedding, Normalization.EXACT);
            double[] change = Factor.embeddingChange(Normalization.EXACT, factor.inputEmbedding(), factor.referenceEmbedding());
            double[] integral = path.integral(rule);
            double squares = 0;
            for (int p = 0; p < change.length; p++) {
                squares += (integral[p] - change[p]) * (integral[p] - change[p]);
            }
            double dense = Math.sqrt(squares);
            assertEquals(factor.residual(), dense, 1e-6 + 1e-4 * factor.residual(), nodes + " nodes");
        }
    }

    @Test
    void oneCaptionFactorServesManyImages() {
        Explainer explainer = explainer(ExplainOptions.defaults());
        Factor caption = explainer.textFactor(Fixtures.captionIds(3));
        for (int image = 0; image < 6; image++) {
            Explanation reused = explainer.explain(caption, explainer.imageFactor(Fixtures.cropPixels(image)));
            Explanation fresh = explain(explainer, 3, image);
            assertArrayEquals(fresh.interactions(), reused.interactions());
        }
    }

    @Test
    void savedFactorsExplainExactlyAsFreshOnes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws java.io.IOException {
        Explainer explainer = explainer(ExplainOptions.defaults());
        Factor caption = explainer.textFactor(Fixtures.captionIds(0));
        Factor image = explainer.imageFactor(Fixtures.cropPixels(0));
        java.nio.file.Path textFile = directory.resolve("caption.safetensors");
        java.nio.file.Path imageFile = directory.resolve("image.safetensors");
        FactorFiles.write(textFile, caption, java.util.Map.of("model", "tiny"));
        FactorFiles.write(imageFile, image, java.util.Map.of("model", "tiny"));
        Explanation loaded = explainer.explain(FactorFiles.read(textFile), FactorFiles.read(imageFile));
        assertArrayEquals(explainer.explain(caption, image).interactions(), loaded.interactions());
        assertEquals(caption.residual(), FactorFiles.read(textFile).residual());
    }

    @Test
    void rowsOfAFactorAddUpToTheEmbeddingChange() {
        Explainer explainer = explainer(ExplainOptions.defaults().withLayers(1, 1).withQuadrature(Quadrature.GAUSS_LEGENDRE, 16));
        for (Factor factor : List.of(explainer.textFactor(Fixtures.captionIds(2)), explainer.imageFactor(Fixtures.cropPixels(2)))) {
            assertTrue(factor.residual() < 1e-5, "residual " + factor.residual());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"blur", "constant", "given"})
    void otherImageReferencesStillAddUp(String kind) {
        ImageReference reference = switch (kind) {
            case "blur" -> new ImageReference.Blurred(8);
            case "constant" -> new ImageReference.Constant(0.2f, 0.6f, 0.9f);
            default -> new ImageReference.Given(Fixtures.cropPixels(5), "img5");
        };
        Explainer explainer = explainer(ExplainOptions.defaults().withImageReference(reference).withQuadrature(Quadrature.GAUSS_LEGENDRE, 24));
        Completeness completeness = explain(explainer, 1, 1).completeness();
        assertEquals(completeness.target(), completeness.sum(), 2e-5);
    }

    @Test
    void textReferenceOfLengthTwoChangesOnlyTheReference() {
        Explainer one = explainer(ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, 24));
        Explainer two = explainer(ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, 24).withTextReferenceLength(2));
        Completeness first = explain(one, 0, 0).completeness();
        Completeness second = explain(two, 0, 0).completeness();
        assertEquals(first.textImage(), second.textImage(), 1e-9);
        assertTrue(Math.abs(first.referenceTextImage() - second.referenceTextImage()) > 1e-6);
        assertEquals(second.target(), second.sum(), 2e-5);
    }

    /** The JVP of each tower slice against central differences of the slice's own forward pass. */
    @ParameterizedTest(name = "layer {0}")
    @ValueSource(ints = {0, 2, 3})
    void sliceJvpsMatchFiniteDifferences(int layer) {
        Random random = new Random(11);
        int[] ids = Fixtures.captionIds(0);
        int rows = ids.length;
        float[] x = text.hiddenState(Parallel.serial(), ids, rows, layer);
        TowerSlice textSlice = TransformerSlice.text(text, layer, rows, rows - 1);
        float[] y = vision.hiddenState(Parallel.serial(), Fixtures.cropPixels(0), layer);
        TowerSlice visionSlice = TransformerSlice.vision(vision, layer);
        for (Object[] slice : new Object[][] {{textSlice, x}, {visionSlice, y}}) {
            TowerSlice tower = (TowerSlice) slice[0];
            float[] state = (float[]) slice[1];
            int width = tower.width();
            int[] sources = java.util.stream.IntStream.range(0, tower.rows()).toArray();
            float[] directions = new float[sources.length * width];
            for (int r = 0; r < sources.length; r++) {
                // directions as large as the row's own state, so that the relative step is the same for all cuts
                double rms = 0;
                for (int i = 0; i < width; i++) {
                    rms += state[r * width + i] * state[r * width + i];
                }
                rms = Math.sqrt(rms / width);
                for (int i = 0; i < width; i++) {
                    directions[r * width + i] = (float) (random.nextGaussian() * rms);
                }
            }
            TowerSlice.Jvp jvp = tower.jvp(Parallel.serial(), state, directions, sources, 1 << 20);
            for (int s = 0; s < sources.length; s++) {
                double epsilon = 1e-2;
                float[] plus = state.clone();
                float[] minus = state.clone();
                for (int i = 0; i < width; i++) {
                    plus[s * width + i] += (float) (epsilon * directions[s * width + i]);
                    minus[s * width + i] -= (float) (epsilon * directions[s * width + i]);
                }
                float[] high = tower.embedding(Parallel.serial(), plus);
                float[] low = tower.embedding(Parallel.serial(), minus);
                double scale = 0;
                double worst = 0;
                for (int p = 0; p < high.length; p++) {
                    double numeric = (high[p] - low[p]) / (2 * epsilon);
                    scale = Math.max(scale, Math.abs(numeric));
                    worst = Math.max(worst, Math.abs(numeric - jvp.tangents()[s * high.length + p]));
                }
                assertTrue(worst <= 3e-3 * Math.max(scale, 1e-2), "layer " + layer + " row " + s + ": " + worst + " vs scale " + scale);
            }
        }
    }
}
