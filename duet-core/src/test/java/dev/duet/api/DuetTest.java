/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.api;

import dev.duet.BadInputException;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Quadrature;
import dev.duet.tokenizer.CaptionSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library entry point: one explanation whatever form the image comes in, embeddings of unit length. */
class DuetTest {

    private static final Path FIXTURES = Path.of(System.getProperty("duet.shared"), "fixtures");
    private static final String CAPTION = "a red circle and a blue square";

    private static Duet duet;
    private static Path image;

    @BeforeAll
    static void load() throws IOException {
        duet = Duet.load(FIXTURES.resolve("models/tiny"), ExplainOptions.defaults().withQuadrature(Quadrature.RIEMANN, 3), 2);
        try (Stream<Path> files = Files.list(FIXTURES.resolve("images"))) {
            image = files.filter(file -> file.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
    }

    @AfterAll
    static void close() {
        duet.close();
    }

    @Test
    void everyFormOfAnImageGivesTheSameExplanation() throws IOException {
        float[] fromPath = duet.explain(CAPTION, image).attributions().interactions();
        byte[] encoded = Files.readAllBytes(image);
        assertArrayEquals(fromPath, duet.explain(CAPTION, encoded).attributions().interactions());
        assertArrayEquals(fromPath, duet.explain(CAPTION, new ByteArrayInputStream(encoded)).attributions().interactions());
        assertArrayEquals(fromPath, duet.explain(CAPTION, ImageIO.read(image.toFile())).attributions().interactions());
    }

    @Test
    void severalCaptionsAgainstOneImageGiveWhatEachGetsAlone() {
        List<String> captions = List.of(CAPTION, "a blue circle and a red square", "a red square");
        List<CaptionImageExplanation> together = duet.explain(captions, image);
        assertEquals(captions.size(), together.size());
        for (int c = 0; c < captions.size(); c++) {
            CaptionImageExplanation alone = duet.explain(captions.get(c), image);
            CaptionImageExplanation shared = together.get(c);
            assertEquals(alone.caption().ids().length, shared.caption().ids().length);
            float[] expected = alone.attributions().interactions();
            float[] actual = shared.attributions().interactions();
            assertEquals(expected.length, actual.length);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6, captions.get(c) + ", entry " + i);
            }
        }
        assertEquals(List.of(), duet.explain(List.of(), image));
    }

    @Test
    void embeddingsHaveUnitLengthAndTheirCosineIsTheExplainedSimilarity() throws IOException {
        float[] text = duet.embedCaption(CAPTION);
        float[] picture = duet.embedImage(image);
        assertArrayEquals(picture, duet.embedImage(Files.readAllBytes(image)));
        assertArrayEquals(picture, duet.embedImage(new ByteArrayInputStream(Files.readAllBytes(image))));
        double textNorm = 0;
        double cosine = 0;
        for (int i = 0; i < text.length; i++) {
            textNorm += text[i] * text[i];
            cosine += text[i] * picture[i];
        }
        assertEquals(1, textNorm, 1e-5);
        assertEquals(duet.explain(CAPTION, image).attributions().similarity(), cosine, 1e-5);
    }

    @Test
    void aSpanMapSumsTheTokensOverlappingItsCharacters() {
        CaptionImageExplanation result = duet.explain(CAPTION, image);
        float[] redCircle = result.spanMap(2, 12);
        float[] red = result.attributions().spanMap(2, 3);
        float[] circle = result.attributions().spanMap(3, 4);
        for (int p = 0; p < redCircle.length; p++) {
            assertEquals(red[p] + circle[p], redCircle[p], 1e-6);
        }
        assertArrayEquals(result.spanMap(2, 5), result.spanMap(3, 4), "any character of a token selects all of it");
        assertThrows(IllegalArgumentException.class, () -> result.spanMap(5, 5));
        assertThrows(IllegalArgumentException.class, () -> result.spanMap(0, CAPTION.length() + 1));
    }

    @Test
    void wordsAndPhrasesSelectTheirTokensMaps() {
        CaptionImageExplanation result = duet.explain(CAPTION, image);
        List<CaptionSpan> words = result.words().words();
        assertEquals(List.of("a", "red", "circle", "and", "a", "blue", "square"),
                words.stream().map(CaptionSpan::label).toList());
        CaptionSpan red = words.get(1);
        assertEquals(2, red.start());
        assertEquals(5, red.end());
        assertArrayEquals(result.spanMap(2, 5), result.spanMap(red), "a word's map is its characters' map");
        float[] phrase = result.phraseMap("Red  Circle");
        float[] circle = result.spanMap(words.get(2));
        float[] redMap = result.spanMap(red);
        for (int p = 0; p < phrase.length; p++) {
            assertEquals(redMap[p] + circle[p], phrase[p], 1e-6, "a phrase's map is the sum of its words' maps");
        }
        assertThrows(BadInputException.class, () -> result.phraseMap("green circle"));
    }

    @Test
    void bytesThatAreNoImageAreBadInput() {
        BadInputException refused = assertThrows(BadInputException.class, () -> duet.explain(CAPTION, new byte[] {1, 2, 3}));
        assertTrue(refused.getMessage().startsWith("(image bytes): "), refused.getMessage());
    }
}
