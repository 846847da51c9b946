/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.tokenizer.sentencepiece.SentencePieceFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spans of the caller's text select SigLIP tokens as they do CLIP's ({@link Encoding#tokensOverlapping}). */
class SiglipTokenizerTest {

    private final SiglipTokenizer tokenizer = SiglipTokenizer.read(
            SentencePieceFixtures.path(SentencePieceFixtures.UNIGRAM_NFKC_BYTES + ".model"), SiglipTokenizer.Options.SIGLIP);

    @Test
    void eachWordSelectsTheTokensThatSpellIt() {
        String caption = "A photo of a Cat,  on the TABLE... (next to the window)";
        Encoding e = tokenizer.encode(caption);
        Matcher word = Pattern.compile("\\p{L}+").matcher(caption);
        int words = 0;
        while (word.find()) {
            Encoding.TokenRange range = e.tokensOverlapping(word.start(), word.end()).orElseThrow();
            StringBuilder spelled = new StringBuilder();
            for (Token t : e.tokens().subList(range.from(), range.to())) {
                spelled.append(t.piece().replace("\u2581", ""));
            }
            assertEquals(word.group().toLowerCase(Locale.ROOT), spelled.toString(), word.group() + " in " + e);
            words++;
        }
        assertEquals(12, words);
    }

    @Test
    void punctuationEosAndPaddingSelectNothing() {
        String caption = "a cat, on a table.";
        Encoding e = tokenizer.encode(caption);
        assertTrue(e.tokensOverlapping(5, 6).isEmpty(), e.toString()); // the comma was removed
        assertTrue(e.tokensOverlapping(17, 18).isEmpty(), e.toString()); // the full stop too
        Token eos = e.tokens().get(e.eosIndex());
        assertEquals(tokenizer.eosId(), eos.id());
        assertEquals(caption.length(), eos.start());
        assertEquals(eos.start(), eos.end());
        assertEquals(new Encoding.TokenRange(0, e.eosIndex()), e.textTokens(), "no BOS: the text starts at 0");
    }

    @Test
    void captionsArePaddedToTheContextLengthWithEos() {
        Encoding e = tokenizer.encode("a cat");
        assertEquals(64, e.size());
        assertEquals(tokenizer.eosId(), tokenizer.padId());
        assertEquals(Encoding.Role.TEXT, e.role(0));
        assertEquals(Encoding.Role.EOS, e.role(e.eosIndex()));
        for (int i = e.eosIndex() + 1; i < e.size(); i++) {
            assertEquals(Encoding.Role.PADDING, e.role(i));
            assertEquals(tokenizer.padId(), e.ids()[i]);
            assertEquals(new Token(tokenizer.padId(), "</s>", 5, 5), e.tokens().get(i));
        }
    }

    @Test
    void aLongCaptionIsCutToTheLengthWithEosLast() {
        Encoding e = tokenizer.encode("photo ".repeat(100));
        assertEquals(64, e.size());
        assertEquals(63, e.eosIndex(), "no room for padding");
        assertEquals(tokenizer.eosId(), e.ids()[63]);
        List<Token> tokens = e.tokens();
        assertTrue(tokens.get(62).end() <= "photo ".repeat(100).length());
    }
}
