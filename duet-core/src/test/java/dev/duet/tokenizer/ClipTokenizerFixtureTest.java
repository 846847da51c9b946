/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tokenizer against the ids that OpenAI's clip.tokenize gave for the shared inputs. */
class ClipTokenizerFixtureTest {

    private final ClipTokenizer tokenizer = TokenizerFixtures.tiny();

    @Test
    void captionsGiveTheReferenceIds() {
        JsonNode inputs = TokenizerFixtures.inputs();
        JsonNode captions = inputs.get("captions");
        assertEquals(6, captions.size());
        for (int c = 0; c < captions.size(); c++) {
            String caption = captions.get(c).asText();
            JsonNode row = inputs.get("token_ids").get(c);
            assertEquals(77, row.size());
            Encoding encoding = tokenizer.encode(caption);
            assertArrayEquals(TokenizerFixtures.unpadded(row, 49407), encoding.ids(), caption);
            assertEquals(inputs.get("eos_index").get(c).asInt(), encoding.eosIndex(), caption);
            for (int i = encoding.size(); i < 77; i++) {
                assertEquals(0, row.get(i).asInt(), caption + ": the reference pads with 0 after EOS, at " + i);
            }
        }
    }

    @Test
    void extraCasesGiveTheReferenceIds() {
        JsonNode cases = TokenizerFixtures.inputs().get("tokenizer_extra_cases");
        assertEquals(6, cases.size());
        for (Map.Entry<String, JsonNode> e : cases.properties()) {
            assertArrayEquals(TokenizerFixtures.unpadded(e.getValue(), 49407), tokenizer.encode(e.getKey()).ids(),
                    e.getKey());
        }
    }

    @Test
    void bosAndEosComeFromTheVocabulary() {
        assertEquals(49406, tokenizer.bosId());
        assertEquals(49407, tokenizer.eosId());
        assertEquals(49408, tokenizer.vocabularySize());
        assertEquals(77, tokenizer.contextLength());
    }

    @Test
    void captionTokenSpansCoverTheirWords() {
        for (JsonNode caption : TokenizerFixtures.inputs().get("captions")) {
            String text = caption.asText();
            Encoding encoding = tokenizer.encode(text);
            List<Token> tokens = encoding.tokens();
            assertEquals(new Token(49406, "<|startoftext|>", 0, 0), tokens.getFirst());
            assertEquals(new Token(49407, "<|endoftext|>", text.length(), text.length()), tokens.getLast());
            List<String> words = new ArrayList<>();
            for (Token t : tokens.subList(1, tokens.size() - 1)) {
                assertTrue(t.piece().endsWith("</w>"), t.toString());
                String word = t.piece().substring(0, t.piece().length() - 4);
                assertEquals(word, text.substring(t.start(), t.end()).toLowerCase(Locale.ROOT), t.toString());
                assertEquals(word, tokenizer.decode(t.piece()));
                words.add(word);
            }
            assertEquals(String.join(" ", words), text.toLowerCase(Locale.ROOT));
        }
    }

    @Test
    void subwordPiecesSplitTheirWordsSpan() {
        String text = "xyzzyqwv unbelievably antidisestablishmentarianism";
        Encoding encoding = tokenizer.encode(text);
        StringBuilder rebuilt = new StringBuilder();
        int previousEnd = 0;
        for (Token t : encoding.tokens().subList(1, encoding.size() - 1)) {
            assertTrue(t.start() >= previousEnd, "pieces must not overlap: " + t);
            String body = tokenizer.decode(t.piece());
            assertEquals(body, text.substring(t.start(), t.end()), t.toString());
            rebuilt.append(text, previousEnd, t.start()).append(body);
            previousEnd = t.end();
        }
        assertEquals(text, rebuilt.toString());
    }

    @Test
    void htmlEntitiesAndMojibakeKeepSpansInTheOriginal() {
        String text = "Tom &amp; Jerry's cafÃ©";
        Encoding encoding = tokenizer.encode(text);
        List<Token> tokens = encoding.tokens();
        // "cafÃ©" is the mojibake of "café", which CLIP's vocabulary holds as one piece
        assertEquals(List.of("<|startoftext|>", "tom</w>", "&</w>", "jerry</w>", "'s</w>", "cafÃ©</w>",
                "<|endoftext|>"), tokens.stream().map(Token::piece).toList());
        assertEquals("Tom", span(text, tokens.get(1)));
        assertEquals("&amp;", span(text, tokens.get(2)));
        assertEquals("Jerry", span(text, tokens.get(3)));
        assertEquals("'s", span(text, tokens.get(4)));
        assertEquals("cafÃ©", span(text, tokens.get(5)));
        assertEquals("café", tokenizer.decode(tokens.get(5).piece()));
        for (Token t : tokens) {
            assertTrue(t.start() >= 0 && t.end() <= text.length() && t.start() <= t.end(), t.toString());
        }
    }

    @Test
    void longTextIsCutToTheContextLengthEndingInEos() {
        String text = String.join(" ", java.util.Collections.nCopies(200, "word"));
        int[] ids = tokenizer.encode(text).ids();
        assertEquals(77, ids.length);
        assertEquals(49406, ids[0]);
        assertEquals(49407, ids[76]);
        int wordId = tokenizer.encode("word").ids()[1];
        for (int i = 1; i < 76; i++) {
            assertEquals(wordId, ids[i]);
        }
    }

    @Test
    void writtenSpecialTokenBecomesItsId() {
        String text = "a dog <|endoftext|> a cat";
        Encoding encoding = tokenizer.encode(text);
        Token special = encoding.tokens().get(3);
        assertEquals(49407, special.id());
        assertEquals("<|endoftext|>", span(text, special));
        assertEquals(7, encoding.size());
        assertEquals(49407, tokenizer.encode("<|ENDOFTEXT|>").ids()[1]);
        assertEquals(49406, tokenizer.encode("x <|startoftext|>").ids()[2]);
    }

    private static String span(String text, Token t) {
        return text.substring(t.start(), t.end());
    }
}
