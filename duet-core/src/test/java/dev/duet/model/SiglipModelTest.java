/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.BadInputException;
import dev.duet.explain.Completeness;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.TextReference;
import dev.duet.image.PreprocessedImage;
import dev.duet.image.PreprocessingPipeline;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import dev.duet.tokenizer.Encoding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * The repository's SigLIP checkpoint directory, loaded as a {@link DualEncoder}, against the
 * PyTorch reference end to end (tools/references/siglip.py --checkpoint: captions tokenized by a
 * re-implementation of transformers' SiglipTokenizer over python3-sentencepiece, images preprocessed
 * as SiglipImageProcessor over Pillow); and the directories it refuses, each with one line naming
 * the file.
 */
class SiglipModelTest {

    private static DualEncoder model;
    private static JsonNode expected;

    @BeforeAll
    static void load() {
        model = DualEncoder.load(Fixtures.siglipModel());
        expected = Fixtures.siglipExpected();
    }

    @Test
    void theFamilyComesFromTheDirectory() {
        assertEquals(ModelFamily.SIGLIP, ModelFamily.of(Fixtures.siglipModel()));
        assertEquals(ModelFamily.CLIP, ModelFamily.of(Fixtures.tinyModel()));
        assertInstanceOf(SiglipModel.class, model);
        assertEquals(ModelFamily.SIGLIP, model.family());
        assertInstanceOf(ClipModel.class, DualEncoder.load(Fixtures.tinyModel()));
    }

    @Test
    void captionsGiveTheReferenceIdsPaddedToTheTowersLength() {
        for (int c = 0; c < expected.get("captions").size(); c++) {
            Encoding encoding = model.tokenize(expected.get("captions").get(c).asText());
            assertArrayEquals(Fixtures.ints(expected.get("ids").get(c)), encoding.ids(), encoding.toString());
            assertEquals(((SiglipModel) model).text().config().contextLength(), encoding.size());
        }
    }

    @Test
    void embeddingsAndScoresEqualPyTorchs() {
        List<String> captions = new ArrayList<>();
        expected.get("captions").forEach(caption -> captions.add(caption.asText()));
        List<PreprocessedImage> images = new ArrayList<>();
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        for (int i = 0; i < expected.get("images").size(); i++) {
            PreprocessedImage image = model.preprocess(root.resolve(expected.get("images").get(i).asText()));
            assertEquals(expected.get("pixel_sha256").get(i).asText(), image.pixelSha256(), "pixels of image " + i);
            images.add(image);
        }
        try (Parallel parallel = Parallel.of(2)) {
            float[][] texts = model.embedTexts(parallel, captions);
            float[][] pictures = model.embedImages(parallel, images);
            assertClose(floats(expected.get("text_embeddings")), flatten(texts), 1e-5, "text embeddings");
            assertClose(floats(expected.get("image_embeddings")), flatten(pictures), 1e-5, "image embeddings");
            Score.Sigmoid score = assertInstanceOf(Score.Sigmoid.class, model.score());
            assertEquals(expected.get("logit_scale").asDouble(), score.multiplier(), 1e-6);
            assertEquals(expected.get("logit_bias").asDouble(), score.logitBias(), 1e-6);
            float[][] unitTexts = Embeddings.normalized(texts);
            float[][] unitImages = Embeddings.normalized(pictures);
            for (int t = 0; t < texts.length; t++) {
                for (int i = 0; i < pictures.length; i++) {
                    double cosine = Embeddings.dot(unitTexts[t], unitImages[i]);
                    assertEquals(expected.get("logits").get(t).get(i).asDouble(), score.logit(cosine), 1e-5);
                    double probability = expected.get("probabilities").get(t).get(i).asDouble();
                    assertEquals(probability, score.probability(cosine), 1e-5 * probability, "probability " + t + ", " + i);
                }
            }
        }
    }

    /**
     * The text reference is the empty caption (EOS and padding, all {@code </s>}): at the
     * embeddings a padded position has the reference's id and position, so its row of A is zero
     * exactly, and the caption's own tokens carry everything; the entries still add up.
     */
    @Test
    void paddedPositionsCarryNothingAtTheEmbeddings() {
        String caption = expected.get("captions").get(0).asText();
        try (Parallel parallel = Parallel.of(2)) {
            ExplainOptions options = ExplainOptions.defaults().withLayers(0, null);
            Explainer explainer = Explainer.forModel(model, options, parallel);
            Encoding encoding = model.tokenize(caption);
            float[] pixels = new float[3 * 32 * 32];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(0.37 * i);
            }
            Explanation explanation = explainer.explain(explainer.textFactor(encoding.ids()), pixels);
            assertEquals(TextReference.EMPTY_CAPTION, explanation.textReference());
            int columns = explanation.interactions().length / explanation.tokens();
            int eos = encoding.ids().length - 1;
            while (eos > 0 && encoding.ids()[eos - 1] == encoding.ids()[eos]) {
                eos--;
            }
            double words = 0;
            for (int t = 0; t < explanation.tokens(); t++) {
                for (int c = 0; c < columns; c++) {
                    float entry = explanation.interactions()[t * columns + c];
                    if (t >= eos) {
                        assertEquals(0f, entry, 0f, "padded row " + t);
                    } else {
                        words += Math.abs(entry);
                    }
                }
            }
            assertTrue(words > 0, "the caption's own rows carry the interactions");
            Completeness completeness = explanation.completeness();
            assertEquals(completeness.target(), completeness.sum(), 1e-2 * Math.abs(completeness.target()) + 1e-5,
                    completeness.toString());
        }
    }

    @Test
    void theSigmoidNeverOverflows() {
        Score.Sigmoid score = new Score.Sigmoid(80, 0);
        assertEquals(1.0, score.probability(1), 0);
        assertEquals(0.0, score.probability(-1), 0);
        assertEquals(0.5, new Score.Sigmoid(0, -0.25f).probability(0.25), 1e-15);
    }

    @Test
    void aPreprocessingOrderIsRefusedForSiglip() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> DualEncoder.load(Fixtures.siglipModel(), PreprocessingPipeline.OPENAI));
        assertTrue(e.getMessage().contains("the openai and hf orders are CLIP's"), e.getMessage());
        assertEquals(PreprocessingPipeline.HF, DualEncoder.preprocessor(Fixtures.siglipModel()).pipeline());
    }

    @Test
    void aMissingForeignOrTruncatedSentencePieceModelIsRefused(@TempDir Path directory) throws IOException {
        Path copy = copy(directory);
        Path spiece = copy.resolve("spiece.model");
        byte[] bytes = Files.readAllBytes(spiece);
        Files.delete(spiece);
        assertRefused(copy, spiece, "file not found");
        Files.writeString(copy.resolve("tokenizer.model"), "Gemma's");
        assertRefused(copy, copy.resolve("tokenizer_config.json"), "tokenizer_class is not GemmaTokenizer; "
                + "tokenizer.model (SigLIP 2's Gemma tokenizer) is read when tokenizer_config.json names GemmaTokenizer");
        Files.write(spiece, "{\"model_type\": \"siglip\"}".getBytes());
        assertRefused(copy, spiece, "");
        Files.write(spiece, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(copy, spiece, "");
    }

    @Test
    void foreignConfigsAreRefused(@TempDir Path directory) throws IOException {
        Path copy = copy(directory);
        Path config = copy.resolve("config.json");
        String original = Files.readString(config);
        Files.writeString(config, original.replace("\"siglip_text_model\"", "\"clip_text_model\""));
        assertRefused(copy, config, "mixes SigLIP and CLIP keys: model_type 'siglip' with text_config.model_type 'clip_text_model'");
        Files.writeString(config, original.replace("\"architectures\"", "\"projection_dim\": 32, \"architectures\""));
        assertRefused(copy, config, "mixes SigLIP and CLIP keys: model_type 'siglip' with CLIP's 'projection_dim'");
        Files.writeString(config, original.replace("\"model_type\": \"siglip\"", "\"model_type\": \"siglip2\"")
                .replace("\"patch_size\": 8", "\"patch_size\": 8, \"num_patches\": 16"));
        assertRefused(copy, config, "NaFlex");
        // transformers' siglip2 model_type is Siglip2Model, NaFlex whatever the vision config says
        Files.writeString(config, original.replace("\"model_type\": \"siglip\"", "\"model_type\": \"siglip2\""));
        assertRefused(copy, config, "a NaFlex SigLIP 2 checkpoint (model_type siglip2, transformers' Siglip2Model)");
        Files.writeString(config, original.replace("\"eos_token_id\": 2", "\"eos_token_id\": 1"));
        assertRefused(copy, config, "text_config.eos_token_id 1 is not spiece.model's EOS (2)");
        Files.writeString(config, original.replace("\"vocab_size\": 1500", "\"vocab_size\": 1000"));
        assertRefused(copy, copy.resolve("spiece.model"), "vocabulary of 1500 pieces exceeds the model's vocab_size 1000");
        Files.writeString(config, original.replace("\"siglip\"", "\"clip\""));
        assertRefused(copy, config, "mixes SigLIP and CLIP keys: model_type 'clip' with text_config.model_type 'siglip_text_model'");
        Files.writeString(config, original);
        Files.writeString(copy.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"T5Tokenizer\"}");
        assertRefused(copy, copy.resolve("tokenizer_config.json"), "tokenizer_class 'T5Tokenizer'");
        // a Gemma tokenizer reads tokenizer.model, which this SigLIP folder has not
        Files.writeString(copy.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"GemmaTokenizer\", "
                + "\"add_eos_token\": true, \"padding_side\": \"right\"}");
        assertRefused(copy, copy.resolve("tokenizer.model"), "file not found");
    }

    private static void assertRefused(Path directory, Path file, String reason) {
        BadInputException e = assertThrows(BadInputException.class, () -> DualEncoder.load(directory));
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static Path copy(Path directory) throws IOException {
        Path copy = directory.resolve("siglip");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(Fixtures.siglipModel())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** Rows [N][P] of a JSON matrix, flattened. */
    private static float[] floats(JsonNode rows) {
        List<float[]> values = new ArrayList<>();
        rows.forEach(row -> values.add(Fixtures.floats(row)));
        return flatten(values.toArray(float[][]::new));
    }
}
