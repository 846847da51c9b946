/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TextFixer against ftfy's documented examples and a larger table produced by ftfy 6.3.1 itself. */
class TextFixerTest {

    @Test
    void documentedExamples() {
        assertEquals("\u2714 No problems", TextFixer.fixText("\u00E2\u0153\u201D No problems"));
        assertEquals("\u00AF\\_(\u30C4)_/\u00AF", TextFixer.fixText("&macr;\\_(\u00E3\u0083\u0084)_/&macr;"));
        assertEquals("Broken text\u2026 it's flubberific!",
                TextFixer.fixText("Broken text&hellip; it&#x2019;s \uFB02ubberi\uFB01c!"));
        assertEquals("LOUD NOISES", TextFixer.fixText("\uFF2C\uFF2F\uFF35\uFF24\u3000\uFF2E\uFF2F\uFF29\uFF33\uFF25\uFF33"));
        assertEquals("U\u30BF\u30FC\u30F3", TextFixer.fixText("\uFF35\uFF80\uFF70\uFF9D"));
        assertEquals("s\u00F3", TextFixer.fixText("s\u00C3\u00B3"));
        assertEquals("voil\u00E0 le travail", TextFixer.fixText("voil\u00C3 le travail"));
        assertEquals("P\u00C9REZ", TextFixer.fixText("P&EACUTE;REZ"));
        assertEquals("BUNDESSTRASSE", TextFixer.fixText("BUNDESSTRA&SZLIG;E"));
        assertEquals("\u00F1 \u00D1 \u00D1 &nTILDE;", TextFixer.fixText("&ntilde; &Ntilde; &NTILDE; &nTILDE;"));
        assertEquals("\uD835\uDCA5ohn \u210Bancock", TextFixer.fixText("&Jscr;ohn &HilbertSpace;ancock"));
        assertEquals("I'm blue, da ba dee da ba doo...",
                TextFixer.fixText("\u001B[36;44mI'm blue, da ba dee da ba doo...\u001B[0m"));
        assertEquals("\"here's a test\"", TextFixer.fixText("\u201Chere\u2019s a test\u201D"));
        assertEquals("fluffiest", TextFixer.fixText("\uFB02u\uFB03e\uFB06"));
        assertEquals("Content-type: text/plain\n\nHi.", TextFixer.fixText("Content-type: text/plain\r\n\r\nHi."));
        assertEquals("Where do you want to go today?", TextFixer.fixText("\uFEFFWhere do you want to go today?"));
        assertEquals("\" like this \uFFFD", TextFixer.fixText("\u00E2\u20AC\u0153 like this \u00E2\u20AC\uFFFD"));
        assertEquals("caf\u00E9", TextFixer.fixText("caf\u00C3\u00A9"));
    }

    @Test
    void entitiesStayInTextThatLooksLikeHtml() {
        assertEquals("<b>bold</b> &amp; more", TextFixer.fixText("<b>bold</b> &amp; more"));
        assertEquals("line1 &\n<b>x</b> &amp;\n&amp;", TextFixer.fixText("line1 &amp;\n<b>x</b> &amp;\n&amp;"));
    }

    @Test
    void unpairedSurrogatesBecomeReplacementChars() {
        assertEquals("\uFFFDa\uD83D\uDE00", TextFixer.fixText("\uDE00a\uD83D\uDE00"));
    }

    @Test
    void ftfyTable() {
        JsonNode golden = TokenizerFixtures.golden("ftfy-fix-text-cases.json");
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (JsonNode c : golden.get("cases")) {
            String input = c.get("input").asText();
            String expected = c.get("fixed").asText();
            String actual = TextFixer.fixText(input);
            if (!expected.equals(actual)) {
                failures.add(ClipTokenizerGoldenTest.escape(input) + ": expected " + ClipTokenizerGoldenTest.escape(expected)
                        + " got " + ClipTokenizerGoldenTest.escape(actual));
            }
            count++;
        }
        assertTrue(count > 100, "golden file too small: " + count);
        assertEquals(List.of(), failures);
    }

    @Test
    void spansOfFixedTextPointIntoTheOriginal() {
        String original = "x &amp; caf\u00C3\u00A9 \uFB01n\r\ne\u0301";
        MappedText fixed = TextFixer.fix(MappedText.of(original));
        assertEquals("x & caf\u00E9 fin\n\u00E9", fixed.text());
        assertEquals("&amp;", original.substring(fixed.start(2), fixed.end(2)));
        assertEquals("\u00C3\u00A9", original.substring(fixed.start(7), fixed.end(7)));
        assertEquals("\uFB01", original.substring(fixed.start(9), fixed.end(10)));
        assertEquals("\r\n", original.substring(fixed.start(12), fixed.end(12)));
        assertEquals("e\u0301", original.substring(fixed.start(13), fixed.end(13)));
    }
}
