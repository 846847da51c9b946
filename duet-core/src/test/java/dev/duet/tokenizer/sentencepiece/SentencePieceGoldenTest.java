package dev.duet.tokenizer.sentencepiece;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.tokenizer.Token;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.escape;
import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every generated string, through every reference model, against the ids and character spans
 * of Debian's python3-sentencepiece 0.1.97 (tools/sentencepiece/generate.py).
 */
class SentencePieceGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {SentencePieceFixtures.UNIGRAM_NFKC_BYTES, SentencePieceFixtures.UNIGRAM_IDENTITY,
            SentencePieceFixtures.BPE_NFKC_BYTES})
    void everyStringGivesTheReferenceIds(String stem) {
        SentencePieceModel model = SentencePieceFixtures.model(stem);
        JsonNode expected = SentencePieceFixtures.cases().get("models").get(stem);
        assertEquals(expected.get("pieces").asInt(), model.size());
        List<String> failures = new ArrayList<>();
        for (JsonNode c : expected.get("cases")) {
            String text = c.get("text").asText();
            int[] ids = model.encode(text).ids();
            if (!Arrays.equals(ints(c.get("ids")), ids)) {
                failures.add(escape(text) + ": expected " + c.get("ids") + " got " + Arrays.toString(ids));
            }
        }
        assertTrue(expected.get("cases").size() > 250, "too few cases");
        assertEquals(List.of(), failures);
    }

    @ParameterizedTest
    @ValueSource(strings = {SentencePieceFixtures.UNIGRAM_NFKC_BYTES, SentencePieceFixtures.UNIGRAM_IDENTITY,
            SentencePieceFixtures.BPE_NFKC_BYTES})
    void everyTokenSpansTheReferenceCharacters(String stem) {
        SentencePieceModel model = SentencePieceFixtures.model(stem);
        List<String> failures = new ArrayList<>();
        for (JsonNode c : SentencePieceFixtures.cases().get("models").get(stem).get("cases")) {
            String text = c.get("text").asText();
            List<Token> tokens = model.encode(text).tokens();
            List<String> actual = tokens.stream().map(t -> "[" + t.start() + "," + t.end() + "]").toList();
            List<String> reference = new ArrayList<>();
            c.get("spans").forEach(s -> reference.add("[" + s.get(0).asInt() + "," + s.get(1).asInt() + "]"));
            if (!reference.equals(actual)) {
                failures.add(escape(text) + ": expected " + reference + " got " + actual);
            }
        }
        assertEquals(List.of(), failures);
    }
}
