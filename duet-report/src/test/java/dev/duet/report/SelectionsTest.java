/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.BadInputException;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Explanation;
import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.report.Selections.Interaction;
import dev.duet.report.TokenHighlight.TokenScore;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.CaptionWords;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SelectionsTest {

    private static final String CAPTION = "A Red circle, and a blue square.";
    private static CaptionImageExplanation pair;
    private static Selections selections;

    @BeforeAll
    static void explain() {
        pair = TinyPairs.explain(CAPTION, "img0_red_circle_blue_square.png");
        selections = Selections.of(pair);
    }

    private static List<String> pieces(CaptionSpan span) {
        List<String> pieces = new ArrayList<>();
        for (int t = span.fromToken(); t < span.toToken(); t++) {
            pieces.add(pair.caption().tokens().get(t).piece());
        }
        return pieces;
    }

    @Test
    void wordsAreFoundCaseInsensitivelyAcrossPunctuation() {
        CaptionWords words = selections.words();
        CaptionSpan span = words.find("red CIRCLE");
        assertEquals(List.of("red</w>", "circle</w>"), pieces(span));
        assertEquals("Red circle", span.label());
        assertEquals(2, span.start());
        assertEquals(12, span.end());
        assertEquals(List.of("circle</w>", ",</w>", "and</w>"), pieces(words.find("circle and")));
        assertEquals(List.of("a</w>"), pieces(words.find("a")), "the first occurrence");
        assertEquals(List.of("blue</w>", "square</w>"), pieces(words.find("  blue, square ")));
    }

    @Test
    void characterRangesTakeEveryOverlappingToken() {
        CaptionWords words = selections.words();
        assertEquals(List.of("red</w>", "circle</w>"), pieces(words.find("2:12")));
        assertEquals(List.of("red</w>"), pieces(words.find("3:4")), "part of a word selects its token");
        assertEquals(List.of("red</w>", "circle</w>"), pieces(words.find("4:7")));
        BadInputException outside = assertThrows(BadInputException.class, () -> words.find("5:99"));
        assertTrue(outside.getMessage().contains("5:99"), outside.getMessage());
        assertThrows(BadInputException.class, () -> words.find("6:6"));
        assertThrows(BadInputException.class, () -> words.find("1:2"), "a space holds no token");
    }

    @Test
    void unknownWordsNameTheProblemOnOneLine() {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> selections.words().find("green triangle"));
        assertTrue(missing.getMessage().contains("\"green triangle\""), missing.getMessage());
        assertTrue(missing.getMessage().contains(CAPTION), missing.getMessage());
        assertTrue(!missing.getMessage().contains("\n"));
        assertThrows(BadInputException.class, () -> selections.words().find("circle red"), "order matters");
        assertThrows(BadInputException.class, () -> selections.words().find("!!"));
        assertThrows(BadInputException.class, () -> selections.words().find(" "));
    }

    @Test
    void wordsAndTheWholeCaptionLeaveBosAndEosOut() {
        Encoding encoding = pair.caption();
        CaptionSpan whole = selections.words().whole();
        assertEquals(1, whole.fromToken());
        assertEquals(encoding.eosIndex(), whole.toToken());
        List<CaptionSpan> words = selections.words().words();
        assertEquals(List.of("A", "Red", "circle", "and", "a", "blue", "square"),
                words.stream().map(CaptionSpan::label).toList());
        for (CaptionSpan word : words) {
            assertTrue(word.fromToken() >= 1 && word.toToken() <= encoding.eosIndex());
        }
    }

    @Test
    void spanMapsAreSumsOfRows() {
        Explanation a = pair.attributions();
        CaptionSpan span = selections.words().find("red circle");
        float[] map = selections.map(span);
        for (int p = 0; p < map.length; p++) {
            assertEquals(a.at(span.fromToken(), 1 + p) + a.at(span.fromToken() + 1, 1 + p), map[p], 1e-6);
        }
    }

    @Test
    void aBoxOnOnePatchGivesThatPatchsColumn() {
        Explanation a = pair.attributions();
        PatchRegions regions = selections.regions();
        int patch = 6;
        float[] scores = selections.boxScores(regions.patchRect(patch));
        for (int t = 0; t < a.tokens(); t++) {
            assertEquals(a.at(t, 1 + patch), scores[t], 1e-6);
        }
        Rect patchBox = regions.patchRect(patch);
        Rect leftHalf = new Rect(patchBox.left(), patchBox.top(), (patchBox.left() + patchBox.right()) / 2, patchBox.bottom());
        float[] half = selections.boxScores(leftHalf);
        for (int t = 0; t < a.tokens(); t++) {
            assertEquals(0.5 * a.at(t, 1 + patch), half[t], 1e-5);
        }
    }

    @Test
    void theWholePhotoGivesRowSumsWithoutCls() {
        Explanation a = pair.attributions();
        float[] scores = selections.boxScores(new Rect(0, 0, 320, 240));
        float[] totals = selections.tokenTotals();
        for (int t = 0; t < a.tokens(); t++) {
            assertEquals(totals[t] - a.at(t, 0), scores[t], 1e-5);
        }
        float[] outside = selections.boxScores(new Rect(0, 0, 20, 240));
        for (float score : outside) {
            assertEquals(0, score, "the crop cut the left margin away: the model never saw it");
        }
    }

    @Test
    void marginalsAddUpToTheCompletenessSum() {
        double sum = pair.attributions().completeness().sum();
        double tokens = 0;
        for (float total : selections.tokenTotals()) {
            tokens += total;
        }
        double patches = selections.clsTotal();
        for (float total : selections.patchTotals()) {
            patches += total;
        }
        assertEquals(sum, tokens, 1e-5 * Math.max(1, Math.abs(sum)));
        assertEquals(sum, patches, 1e-5 * Math.max(1, Math.abs(sum)));
        Map<Encoding.Role, Double> shares = selections.specialShares();
        assertEquals(Set.of(Encoding.Role.BOS, Encoding.Role.EOS), shares.keySet(), "CLIP pads nothing");
        Explanation a = pair.attributions();
        assertEquals(a.rowShare(0, 1), shares.get(Encoding.Role.BOS), 1e-12);
        assertEquals(a.rowShare(a.tokens() - 1, a.tokens()), shares.get(Encoding.Role.EOS), 1e-12);
        assertEquals(selections.tokenTotals()[0], selections.specialTotals().get(Encoding.Role.BOS), 1e-6);
    }

    @Test
    void strongestInteractionsAreTheExtremesOfTheWordRows() {
        Explanation a = pair.attributions();
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (int t = 1; t < a.tokens() - 1; t++) {
            for (int p = 1; p < a.columns(); p++) {
                max = Math.max(max, a.at(t, p));
                min = Math.min(min, a.at(t, p));
            }
        }
        List<Interaction> positive = selections.strongest(3, true);
        List<Interaction> negative = selections.strongest(3, false);
        assertEquals(max, positive.getFirst().value());
        assertEquals(min, negative.getFirst().value());
        assertEquals(3, positive.size());
        assertTrue(positive.get(1).value() <= positive.get(0).value());
        assertEquals(a.at(positive.getFirst().token(), 1 + positive.getFirst().patch()), max);
    }

    @Test
    void highlightKeepsEveryTokensScoreOnVisiblePieces() {
        CaptionImageExplanation emoji = TinyPairs.explain("a caf\u00e9 with a \ud83d\udc31", "img1_green_triangle.png");
        Selections cat = Selections.of(emoji);
        float[] totals = cat.tokenTotals();
        List<TokenScore> pieces = cat.highlight(totals);
        double inner = 0;
        for (int t = 1; t < totals.length - 1; t++) {
            inner += totals[t];
        }
        double shown = pieces.stream().mapToDouble(TokenScore::score).sum();
        assertEquals(inner, shown, 1e-5);
        List<Token> tokens = emoji.caption().tokens();
        assertTrue(pieces.size() <= tokens.size() - 2);
        assertEquals("\ud83d\udc31", emoji.caption().text().substring(pieces.getLast().start(), pieces.getLast().end()));
        for (int i = 1; i < pieces.size(); i++) {
            assertTrue(pieces.get(i).start() >= pieces.get(i - 1).end(), "pieces do not overlap");
        }
    }
}
