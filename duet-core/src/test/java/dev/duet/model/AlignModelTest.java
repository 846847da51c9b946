/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.BadInputException;
import dev.duet.explain.Completeness;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.ImageMode;
import dev.duet.explain.TextReference;
import dev.duet.image.PreprocessedImage;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import dev.duet.tokenizer.Encoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.duet.testing.Samples.assertClose;
import static dev.duet.testing.Samples.flatten;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The repository's ALIGN checkpoint directory (tools/references/align.py --checkpoint: an
 * independent PyTorch ALIGN, images preprocessed as EfficientNetImageProcessor over Pillow,
 * captions by the repository's reference WordPiece) loaded as a {@link DualEncoder}, against the
 * reference end to end: ids, pixels, the map after the stem and after every block, embeddings,
 * cosines and logits; explanations that add up at every cut; and the directories it refuses,
 * each with one line naming the file.
 */
class AlignModelTest {

    private static DualEncoder model;
    private static JsonNode expected;
    private static List<PreprocessedImage> images;

    @BeforeAll
    static void load() throws IOException {
        model = DualEncoder.load(Fixtures.alignModel());
        expected = new ObjectMapper().readTree(Fixtures.alignModel().resolve("EXPECTED.json").toFile());
        images = new ArrayList<>();
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        for (JsonNode image : expected.get("images")) {
            images.add(model.preprocess(root.resolve(image.asText())));
        }
    }

    @Test
    void theFamilyComesFromTheDirectory() {
        assertEquals(ModelFamily.ALIGN, ModelFamily.of(Fixtures.alignModel()));
        AlignModel align = assertInstanceOf(AlignModel.class, model);
        assertEquals(ModelFamily.ALIGN, model.family());
        assertEquals(64, model.vision().imageSize());
        // width 0.5, divisor 4: stem 16; depth 1.2: 2 + 3 + 3 blocks; widths 8, 12, 20
        EfficientNetConfig vision = align.config().vision();
        assertEquals(16, vision.stemChannels());
        assertEquals(8, vision.blocks().size());
        assertEquals(List.of(16, 8, 12, 20), List.of(vision.channels(0), vision.channels(1), vision.channels(2),
                vision.channels(3)));
        assertEquals(List.of(32, 32, 16, 8), List.of(vision.mapSize(0), vision.mapSize(1), vision.mapSize(2),
                vision.mapSize(3)));
    }

    /**
     * A config.json of ALIGN-base as transformers saves it when every EfficientNet key has its
     * default (EfficientNet-B7): 55 blocks (ceil(3.1 x [1, 2, 2, 3, 3, 4, 1])), a 64-wide stem,
     * a 640-wide last map of 9 x 9 positions at the processor's 289 pixels, BERT-base's text tower.
     */
    @Test
    void absentKeysTakeAlignBasesDefaults(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("config.json");
        // as transformers saves it with use_diff: the defaults left out, the derived num_hidden_layers kept
        Files.writeString(file, "{\"model_type\": \"align\", \"vision_config\": {\"num_hidden_layers\": 64}}");
        AlignConfig config = AlignLayout.readConfig(file, 289);
        EfficientNetConfig vision = config.vision();
        assertEquals(55, vision.blocks().size());
        assertEquals(64, vision.stemChannels());
        assertEquals(640, vision.embeddingDim());
        assertEquals(640, config.projectionDim());
        assertEquals(List.of(144, 144, 72, 36, 18, 18, 9, 9), List.of(vision.mapSize(0), vision.mapSize(1),
                vision.mapSize(2), vision.mapSize(3), vision.mapSize(4), vision.mapSize(5), vision.mapSize(6),
                vision.mapSize(7)));
        assertEquals(List.of(32, 48, 80, 160, 224, 384, 640), List.of(vision.channels(1), vision.channels(2),
                vision.channels(3), vision.channels(4), vision.channels(5), vision.channels(6), vision.channels(7)));
        assertEquals(768, config.text().width());
        assertEquals(30522, config.text().vocabSize());
        assertEquals(12, config.text().layers());
    }

    /**
     * EfficientNetImageProcessor's settings as one affine map: ALIGN's offset as mean 1 and std 1
     * ({@code x / 127.5 - 1}), include_top alone as mean 0 and image_std; the model input is the
     * crop, or the resize without one.
     */
    @Test
    void efficientNetPreprocessingBecomesOneAffineMap(@TempDir Path directory) throws IOException {
        String align = "{\"size\": {\"height\": 346, \"width\": 346}, \"resample\": 2, \"do_center_crop\": true, "
                + "\"crop_size\": {\"height\": 289, \"width\": 289}, \"do_rescale\": true, "
                + "\"rescale_factor\": 0.00784313725490196, \"rescale_offset\": true, \"do_normalize\": false, "
                + "\"image_mean\": [0.485, 0.456, 0.406], \"image_std\": [0.229, 0.224, 0.225], \"include_top\": false}";
        Path file = directory.resolve("preprocessor_config.json");
        Files.writeString(file, align);
        dev.duet.image.PreprocessorConfig config = AlignLayout.readPreprocessor(directory);
        assertEquals(289, AlignLayout.modelInput(config));
        assertArrayEquals(new float[] {1, 1, 1}, config.imageMean());
        assertArrayEquals(new float[] {1, 1, 1}, config.imageStd());
        assertTrue(config.doNormalize());
        Files.writeString(file, align.replace("\"rescale_offset\": true", "\"rescale_offset\": false")
                .replace("\"include_top\": false", "\"include_top\": true")
                .replace("\"do_center_crop\": true", "\"do_center_crop\": false"));
        config = AlignLayout.readPreprocessor(directory);
        assertEquals(346, AlignLayout.modelInput(config));
        assertArrayEquals(new float[] {0, 0, 0}, config.imageMean());
        assertArrayEquals(new float[] {0.229f, 0.224f, 0.225f}, config.imageStd());
    }

    @Test
    void captionsAndPixelsAreTheReferences() {
        for (int c = 0; c < expected.get("captions").size(); c++) {
            Encoding encoding = model.tokenize(expected.get("captions").get(c).asText());
            assertArrayEquals(Fixtures.ints(expected.get("ids").get(c)), encoding.ids(), encoding.toString());
        }
        for (int i = 0; i < images.size(); i++) {
            assertEquals(expected.get("pixel_sha256").get(i).asText(), images.get(i).pixelSha256(), "pixels of image " + i);
        }
    }

    @Test
    void everyBlocksMapEqualsPyTorchs() {
        EfficientNetEncoder vision = assertInstanceOf(EfficientNetEncoder.class, model.vision());
        try (Parallel parallel = Parallel.of(2)) {
            for (int count = 0; count <= vision.blocks().size(); count++) {
                assertClose(Fixtures.floats(expected.get("states").get(count)),
                        vision.afterBlocks(parallel, images.get(0).pixels(), count), 1e-5,
                        count == 0 ? "the stem's map" : "the map after block " + (count - 1));
            }
        }
    }

    @Test
    void embeddingsAndScoresEqualPyTorchs() {
        List<String> captions = new ArrayList<>();
        expected.get("captions").forEach(caption -> captions.add(caption.asText()));
        try (Parallel parallel = Parallel.of(2)) {
            float[][] texts = model.embedTexts(parallel, captions);
            float[][] pictures = model.embedImages(parallel, images);
            assertClose(matrix(expected.get("text_embeddings")), flatten(texts), 1e-5, "text embeddings");
            assertClose(matrix(expected.get("image_embeddings")), flatten(pictures), 1e-5, "image embeddings");
            Score.Softmax score = assertInstanceOf(Score.Softmax.class, model.score());
            assertEquals(1 / expected.get("temperature").asDouble(), score.multiplier(), 1e-5 * score.multiplier());
            float[][] unitTexts = Embeddings.normalized(texts);
            float[][] unitImages = Embeddings.normalized(pictures);
            for (int t = 0; t < texts.length; t++) {
                for (int i = 0; i < pictures.length; i++) {
                    double cosine = Embeddings.dot(unitTexts[t], unitImages[i]);
                    assertEquals(expected.get("cosines").get(t).get(i).asDouble(), cosine, 1e-6, "cosine " + t + ", " + i);
                    assertEquals(expected.get("logits").get(t).get(i).asDouble(), score.logit(cosine), 2e-5,
                            "logit " + t + ", " + i);
                }
            }
        }
    }

    /**
     * At every cut of the EfficientNet (the stem, each stage) and of BERT, in both image modes:
     * the interactions and first-order terms add up to the four-term change of the cosine, and the
     * text reference is BERT's.
     */
    @ParameterizedTest(name = "text layer {0}, image stage {1}, {2}")
    @CsvSource({"0,0,REVERSE", "1,1,FORWARD", "2,2,REVERSE", "1,3,FORWARD", "2,3,REVERSE"})
    void explanationsAddUpAtEveryCut(int textLayer, int stage, ImageMode mode) {
        String caption = expected.get("captions").get(1).asText();
        try (Parallel parallel = Parallel.of(2)) {
            ExplainOptions options = ExplainOptions.defaults().withLayers(textLayer, stage).withImageMode(mode);
            Explainer explainer = Explainer.forModel(model, options, parallel);
            Encoding encoding = model.tokenize(caption);
            Explanation explanation = explainer.explain(explainer.textFactor(encoding.ids()), images.get(0).pixels());
            assertEquals(TextReference.PADDING_BETWEEN_CLS_AND_SEP, explanation.textReference());
            ImageTower.Cut cut = model.vision().cut(stage);
            assertEquals(encoding.ids().length * cut.rows(), explanation.interactions().length);
            Completeness completeness = explanation.completeness();
            assertTrue(Math.abs(completeness.target()) > 1e-4, completeness.toString());
            assertEquals(completeness.target(), completeness.sum(), 1e-2 * Math.abs(completeness.target()) + 1e-5,
                    completeness.toString());
        }
    }

    /**
     * Reverse mode (a cotangent per caption row through DenseSlice and the MBConv rules)
     * gives the entries forward mode (V from the tangents, then U V^T) gives, on the same rule.
     */
    @Test
    void reverseModeEqualsForwardModeThroughTheEfficientNet() {
        String caption = expected.get("captions").get(0).asText();
        try (Parallel parallel = Parallel.of(2)) {
            float[][] entries = new float[2][];
            ImageMode[] modes = {ImageMode.FORWARD, ImageMode.REVERSE};
            for (int m = 0; m < 2; m++) {
                ExplainOptions options = ExplainOptions.defaults().withLayers(1, 2)
                        .withQuadrature(dev.duet.explain.Quadrature.GAUSS_LEGENDRE, 8).withImageMode(modes[m]);
                Explainer explainer = Explainer.forModel(model, options, parallel);
                entries[m] = explainer.explain(explainer.textFactor(model.tokenize(caption).ids()),
                        images.get(1).pixels()).interactions();
            }
            assertClose(entries[0], entries[1], 1e-3, "reverse against forward");
        }
    }

    /** The library's entry point on an ALIGN folder: its cosine is the one the explanation decomposes, a phrase has a map. */
    @Test
    void theLibraryEntryPointTakesAlign() {
        Path image = Path.of(System.getProperty("user.dir")).getParent().resolve(expected.get("images").get(0).asText());
        try (dev.duet.api.Duet duet = dev.duet.api.Duet.load(Fixtures.alignModel(), ExplainOptions.defaults(), 2)) {
            assertEquals(ModelFamily.ALIGN, duet.model().family());
            float[] text = duet.embedCaption("a red square");
            float[] picture = duet.embedImage(image);
            double cosine = 0;
            for (int i = 0; i < text.length; i++) {
                cosine += text[i] * picture[i];
            }
            dev.duet.explain.CaptionImageExplanation result = duet.explain("a red square", image);
            assertEquals(result.attributions().similarity(), cosine, 1e-5);
            assertEquals(8 * 8, result.phraseMap("red square").length, "one value per position of the last map");
        }
    }

    @Test
    void foreignConfigsAreRefused(@TempDir Path directory) throws IOException {
        Path copy = copy(directory);
        Path config = copy.resolve("config.json");
        String original = Files.readString(config);
        Files.writeString(config, original.replace("\"align_text_model\"", "\"clip_text_model\""));
        assertRefused(copy, config, "mixes ALIGN with another family: model_type 'align' with text_config.model_type "
                + "'clip_text_model'");
        Files.writeString(config, original.replace("\"architectures\"", "\"logit_scale_init_value\": 2.6592, "
                + "\"architectures\""));
        assertRefused(copy, config, "mixes ALIGN and CLIP keys: model_type 'align' with 'logit_scale_init_value'");
        Files.writeString(config, original.replace("\"hidden_dim\": 64", "\"hidden_dim\": 64, \"patch_size\": 16"));
        assertRefused(copy, config, "a vision transformer's 'patch_size'");
        Files.writeString(config, original.replace("\"strides\": [\n      1,", "\"strides\": [\n      3,"));
        assertRefused(copy, config, "strides[0] = 3");
        Files.writeString(config, original.replace("\"projection_dim\": 20", "\"projection_dim\": 24"));
        assertRefused(copy, config, "projection_dim 24 differs from the image tower's last width 20");
        Files.writeString(config, original.replace("\"hidden_dim\": 64", "\"hidden_dim\": 4"));
        assertRefused(copy, config, "more than hidden_dim 4");
        Files.writeString(config, original.replace("\"swish\"", "\"relu\""));
        assertRefused(copy, config, "vision_config.hidden_act 'relu' is not supported");
        Files.writeString(config, original.replace("\"pooling_type\": \"mean\"", "\"pooling_type\": \"max\""));
        assertRefused(copy, config, "pooling_type 'max' is not supported");
    }

    @Test
    void missingKeysAndMisshapenTensorsAreRefused(@TempDir Path directory) throws IOException {
        Path copy = copy(directory);
        Path processor = copy.resolve("preprocessor_config.json");
        String original = Files.readString(processor);
        Files.writeString(processor, original.replace("\"include_top\": false", "\"include_topp\": false"));
        assertRefused(copy, processor, "missing 'include_top'");
        Files.writeString(processor, original.replace("\"do_resize\": true", "\"do_resize\": false")
                .replace("\"do_center_crop\": true", "\"do_center_crop\": false"));
        assertRefused(copy, processor, "neither do_resize nor do_center_crop");
        Files.writeString(processor, original.replace("\"do_normalize\": false", "\"do_normalize\": true"));
        assertRefused(copy, processor, "rescale_offset with do_normalize or include_top is not supported");
        Files.writeString(processor, original);
        Path config = copy.resolve("config.json");
        String configText = Files.readString(config);
        // one more block in the last stage: its tensors are not in the weights
        Files.writeString(config, configText.replace("\"num_block_repeats\": [\n      1,\n      2,\n      2\n    ]",
                "\"num_block_repeats\": [\n      1,\n      2,\n      3\n    ]"));
        assertRefused(copy, copy.resolve("model.safetensors"), "vision_model.encoder.blocks.8.");
        // 3x3 depthwise kernels in the last stage, whose weights are 5x5
        Files.writeString(config, configText.replace("\"kernel_sizes\": [\n      3,\n      3,\n      5\n    ]",
                "\"kernel_sizes\": [\n      3,\n      3,\n      3\n    ]"));
        assertRefused(copy, copy.resolve("model.safetensors"), "vision_model.encoder.blocks.5.depthwise_conv");
        Files.writeString(config, configText);
        Files.writeString(copy.resolve("vocab.txt"), Files.readString(copy.resolve("vocab.txt")).replace("[UNK]\n", ""));
        BadInputException e = assertThrows(BadInputException.class, () -> DualEncoder.load(copy));
        assertTrue(e.getMessage().contains("[UNK]"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static void assertRefused(Path directory, Path file, String reason) {
        BadInputException e = assertThrows(BadInputException.class, () -> DualEncoder.load(directory));
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static Path copy(Path directory) throws IOException {
        Path copy = directory.resolve("align");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(Fixtures.alignModel())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** Rows [N][P] of a JSON matrix, flattened. */
    private static float[] matrix(JsonNode rows) {
        List<float[]> values = new ArrayList<>();
        rows.forEach(row -> values.add(Fixtures.floats(row)));
        return flatten(values.toArray(float[][]::new));
    }
}
