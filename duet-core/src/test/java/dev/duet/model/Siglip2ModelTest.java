/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.BadInputException;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Completeness;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.image.PreprocessedImage;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.GemmaTokenizer;
import dev.duet.tokenizer.Token;
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
 * The repository's fixed-resolution SigLIP 2 checkpoint (transformers' SiglipModel layout with a
 * Gemma-like tokenizer.model, tools/references/siglip.py --checkpoint2) against the PyTorch
 * reference end to end: ids of SigLIP 2's text preparation (no lower-casing, EOS, {@code <pad>}
 * to 64), embeddings and scores within 1e-5; the explanation against the empty caption as that
 * tokenizer gives it; and the Gemma settings Duet refuses.
 */
class Siglip2ModelTest {

    private static DualEncoder model;
    private static JsonNode expected;

    @BeforeAll
    static void load() {
        model = DualEncoder.load(Fixtures.siglip2Model());
        expected = Fixtures.siglip2Expected();
    }

    @Test
    void aSiglip2FolderLoadsWithGemmasTokenizer() {
        assertEquals(ModelFamily.SIGLIP, ModelFamily.of(Fixtures.siglip2Model()));
        SiglipModel siglip = assertInstanceOf(SiglipModel.class, model);
        GemmaTokenizer tokenizer = assertInstanceOf(GemmaTokenizer.class, siglip.tokenizer());
        assertEquals(Fixtures.siglip2Model().resolve("tokenizer.model"), SiglipModel.tokenizerFile(Fixtures.siglip2Model()));
        assertEquals(1, tokenizer.eosId());
        assertEquals(0, tokenizer.padId());
        assertEquals(0, siglip.config().text().padTokenId(), "the tokenizer's <pad>");
        assertEquals(2, DualEncoder.load(Fixtures.siglipModel()) instanceof SiglipModel s ? s.config().text().padTokenId()
                : -1, "SigLIP pads with </s>");
    }

    @Test
    void captionsGiveTheReferenceIdsAndSpans() {
        for (int c = 0; c < expected.get("captions").size(); c++) {
            String caption = expected.get("captions").get(c).asText();
            Encoding encoding = model.tokenize(caption);
            assertArrayEquals(Fixtures.ints(expected.get("ids").get(c)), encoding.ids(), encoding.toString());
            assertEquals(64, encoding.size());
            assertEquals(Encoding.Role.EOS, encoding.role(encoding.eosIndex()));
            if (encoding.eosIndex() < 63) {
                assertEquals(Encoding.Role.PADDING, encoding.role(63));
            }
        }
        String caption = expected.get("captions").get(1).asText();
        Encoding encoding = model.tokenize(caption);
        StringBuilder covered = new StringBuilder();
        for (int i = encoding.textTokens().from(); i < encoding.textTokens().to(); i++) {
            Token t = encoding.tokens().get(i);
            covered.append(caption, t.start(), t.end());
        }
        assertEquals(caption, covered.toString(), "the pieces' spans tile the caption, case kept");
        int cat = caption.indexOf("CAT");
        Encoding.TokenRange range = encoding.tokensOverlapping(cat, cat + 3).orElseThrow();
        assertTrue(!range.isEmpty(), "--span selects CAT's pieces");
        for (int i = range.from(); i < range.to(); i++) {
            Token t = encoding.tokens().get(i);
            assertTrue(t.end() > cat && t.start() < cat + 3, t.toString());
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
            assertClose(Fixtures.floats(flat(expected.get("text_embeddings"))), flatten(texts), 1e-5, "text embeddings");
            assertClose(Fixtures.floats(flat(expected.get("image_embeddings"))), flatten(pictures), 1e-5, "image embeddings");
            Score.Sigmoid score = assertInstanceOf(Score.Sigmoid.class, model.score());
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
     * Against the empty caption as Gemma's tokenizer gives it ({@code <eos>} then {@code <pad>}), a
     * padded position of the caption has the reference's id and position at the embeddings, so its
     * row of A is zero exactly; the EOS row (which moved) and the words carry it, and the entries add up.
     */
    @Test
    void paddedPositionsCarryNothingAtTheEmbeddings() {
        String caption = expected.get("captions").get(0).asText();
        Path image = Path.of(System.getProperty("user.dir")).getParent().resolve(expected.get("images").get(0).asText());
        try (Parallel parallel = Parallel.of(2)) {
            ExplainOptions options = ExplainOptions.defaults().withLayers(0, null);
            CaptionImageExplanation result = Explainer.explain(model, caption, image, options, parallel);
            Explanation explanation = result.attributions();
            Encoding encoding = result.caption();
            int columns = explanation.interactions().length / explanation.tokens();
            double words = 0;
            for (int t = 0; t < explanation.tokens(); t++) {
                for (int c = 0; c < columns; c++) {
                    float entry = explanation.interactions()[t * columns + c];
                    if (encoding.role(t) == Encoding.Role.PADDING) {
                        assertEquals(0f, entry, 0f, "padded row " + t);
                    } else if (encoding.role(t) == Encoding.Role.TEXT) {
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
    void gemmaSettingsDuetCannotHoldAreRefused(@TempDir Path directory) throws IOException {
        Path copy = copy(directory);
        Path settings = copy.resolve("tokenizer_config.json");
        String original = Files.readString(settings);
        Files.writeString(settings, original.replace("\"add_eos_token\": true", "\"add_eos_token\": false"));
        assertRefused(copy, settings, "add_eos_token is not true");
        Files.writeString(settings, original.replace("\"padding_side\": \"right\"", "\"padding_side\": \"left\""));
        assertRefused(copy, settings, "padding_side 'left': SigLIP 2 pads on the right");
        Files.writeString(settings, original.replace("\"padding_side\": \"right\",", ""));
        assertRefused(copy, settings, "padding_side 'left' (transformers' fast Gemma tokenizers' default)");
        Files.writeString(settings, original.replace("\"eos_token\": \"<eos>\"", "\"eos_token\": \"</s>\""));
        assertRefused(copy, settings, "eos_token \"</s>\" is not Gemma's '<eos>'");
        Files.writeString(settings, original.replaceFirst("\"lstrip\": false", "\"lstrip\": true"));
        assertRefused(copy, settings, "added token '<pad>' has lstrip");
        Files.writeString(settings, original.replace("GemmaTokenizer", "LlamaTokenizer"));
        assertRefused(copy, settings, "tokenizer_class is not GemmaTokenizer");
        Files.writeString(settings, original.replace("GemmaTokenizer", "GemmaTokenizerFast"));
        GemmaTokenizer fast = assertInstanceOf(GemmaTokenizer.class, SiglipModel.tokenizer(copy));
        assertTrue(!fast.options().lowerCase(), "the fast class reads the same");
        assertTrue(!java.util.Arrays.equals(fast.encode("A CAT").ids(), fast.encode("a cat").ids()));
        Files.writeString(settings, original.replace("GemmaTokenizer", "Siglip2Tokenizer"));
        GemmaTokenizer lower = assertInstanceOf(GemmaTokenizer.class, SiglipModel.tokenizer(copy));
        assertArrayEquals(lower.encode("a cat <eos>").ids(), lower.encode("A CAT <eos>").ids(),
                "transformers 5's Siglip2Tokenizer lower-cases");
        assertEquals(java.util.List.of(0, 1, 1, 5, 5, 6, 6, 11), lower.encode("A CAT <eos>").tokens().subList(0, 4).stream()
                .flatMap(t -> java.util.stream.Stream.of(t.start(), t.end())).toList(), "spans in the original");
        Files.delete(copy.resolve("tokenizer.model"));
        assertRefused(copy, copy.resolve("tokenizer.model"), "file not found");
    }

    private static void assertRefused(Path directory, Path file, String reason) {
        BadInputException e = assertThrows(BadInputException.class, () -> DualEncoder.load(directory));
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private static Path copy(Path directory) throws IOException {
        Path copy = directory.resolve("siglip2");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(Fixtures.siglip2Model())) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** Rows of a JSON matrix as one JSON array. */
    private static JsonNode flat(JsonNode rows) {
        com.fasterxml.jackson.databind.node.ArrayNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        rows.forEach(row -> row.forEach(out::add));
        return out;
    }
}
