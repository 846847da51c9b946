/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Explanation;
import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.CaptionWords;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An explanation read through selections a person makes: a caption span (words or characters)
 * gives its image map, a box in the original photo's pixels gives each token's score, and the
 * first-order marginals give each token's and each patch's total. Everything here is a sum over
 * the interaction matrix {@code A} [tokens][1 + patches], so it costs one pass over {@code A}
 * and no model call.
 */
public final class Selections {

    /** One entry of {@code A}: token (a position of the text tower's input) with patch (row-major, CLS not counted). */
    public record Interaction(int token, int patch, float value) {
    }

    private final Explanation explanation;
    private final CaptionWords words;
    private final PatchRegions regions;

    /** @param geometry where the model's crop came from in the original photo */
    public Selections(Explanation explanation, Encoding caption, CropGeometry geometry) {
        if (caption.size() != explanation.tokens()) {
            throw new IllegalArgumentException("the caption has " + caption.size() + " tokens, the explanation "
                    + explanation.tokens());
        }
        if (geometry.cropWidth() % explanation.gridCols() != 0 || geometry.cropHeight() % explanation.gridRows() != 0) {
            throw new IllegalArgumentException("a " + geometry.cropWidth() + "x" + geometry.cropHeight()
                    + " crop does not split into the explanation's " + explanation.gridRows() + "x"
                    + explanation.gridCols() + " patches");
        }
        this.explanation = explanation;
        this.words = CaptionWords.of(caption);
        this.regions = new PatchRegions(geometry, explanation.gridRows(), explanation.gridCols(),
                geometry.cropWidth() / explanation.gridCols());
    }

    public static Selections of(CaptionImageExplanation pair) {
        return new Selections(pair.attributions(), pair.caption(), pair.image().geometry());
    }

    public Explanation explanation() {
        return explanation;
    }

    public CaptionWords words() {
        return words;
    }

    public PatchRegions regions() {
        return regions;
    }

    /** The span's image map {@code sum_{i in span} A[i, 1 + p]}, [patches] row-major. */
    public float[] map(CaptionSpan span) {
        if (span.toToken() > words.encoding().textTokens().to()) {
            throw new IllegalArgumentException("span reaches past the caption's last token");
        }
        return explanation.spanMap(span.fromToken(), span.toToken());
    }

    /** Each patch's share of the box, in [0, 1], [patches] row-major (see {@link PatchRegions#coverage}). */
    public float[] patchWeights(Rect box) {
        double[] coverage = regions.coverage(box);
        float[] weights = new float[coverage.length];
        for (int p = 0; p < coverage.length; p++) {
            weights[p] = (float) coverage[p];
        }
        return weights;
    }

    /**
     * Each token's score for a box in original pixels, {@code sum_p w_p A[t, 1 + p]} with the
     * patches' coverage w, [tokens] (every input position); parts of the box the model never saw count for nothing.
     */
    public float[] boxScores(Rect box) {
        return explanation.regionScores(patchWeights(box));
    }

    /** First-order token scores: the rows' sums over CLS and every patch, [tokens] (every input position). */
    public float[] tokenTotals() {
        float[] totals = new float[explanation.tokens()];
        for (int t = 0; t < totals.length; t++) {
            double sum = 0;
            for (int column = 0; column < explanation.columns(); column++) {
                sum += explanation.at(t, column);
            }
            totals[t] = (float) sum;
        }
        return totals;
    }

    /** First-order patch map: the columns' sums over every token, special ones included, [patches]. */
    public float[] patchTotals() {
        return explanation.spanMap(0, explanation.tokens());
    }

    /** The CLS column's sum over every token (0 for a tower without a class row). */
    public double clsTotal() {
        double sum = 0;
        for (int t = 0; explanation.classColumn() && t < explanation.tokens(); t++) {
            sum += explanation.at(t, 0);
        }
        return sum;
    }

    /**
     * Shares of {@code sum |A|} held by the caption's rows that are not its text, added up per
     * role (BOS, EOS, SigLIP's padding: the roles the caption has, in that order): mass the
     * caption's words do not account for. The CLS column's share is the completeness report's.
     */
    public Map<Encoding.Role, Double> specialShares() {
        Encoding caption = words.encoding();
        double all = 0;
        Map<Encoding.Role, Double> shares = new EnumMap<>(Encoding.Role.class);
        for (int t = 0; t < explanation.tokens(); t++) {
            double row = 0;
            for (int column = 0; column < explanation.columns(); column++) {
                row += Math.abs(explanation.at(t, column));
            }
            all += row;
            if (caption.role(t) != Encoding.Role.TEXT) {
                shares.merge(caption.role(t), row, Double::sum);
            }
        }
        double total = all;
        shares.replaceAll((role, sum) -> total == 0 ? 0 : sum / total);
        return shares;
    }

    /** The first-order scores ({@link #tokenTotals}) of the same rows as {@link #specialShares}, added up per role. */
    public Map<Encoding.Role, Double> specialTotals() {
        Encoding caption = words.encoding();
        float[] totals = tokenTotals();
        Map<Encoding.Role, Double> sums = new EnumMap<>(Encoding.Role.class);
        for (int t = 0; t < totals.length; t++) {
            if (caption.role(t) != Encoding.Role.TEXT) {
                sums.merge(caption.role(t), (double) totals[t], Double::sum);
            }
        }
        return sums;
    }

    /**
     * Per-token scores [tokens] as the pieces of caption text that {@link TokenHighlight}
     * colours: BOS, EOS and padding left out, and a piece with no characters of its own (the tail
     * bytes of a character BPE split) merged into the piece before it.
     */
    public List<TokenHighlight.TokenScore> highlight(float[] scores) {
        if (scores.length != explanation.tokens()) {
            throw new IllegalArgumentException(scores.length + " scores for " + explanation.tokens() + " tokens");
        }
        List<Token> tokens = words.encoding().tokens();
        List<int[]> ranges = new ArrayList<>();
        List<Double> sums = new ArrayList<>();
        Encoding.TokenRange text = words.encoding().textTokens();
        for (int t = text.from(); t < text.to(); t++) {
            Token token = tokens.get(t);
            boolean own = token.end() > token.start() && (ranges.isEmpty() || token.start() >= ranges.getLast()[1]);
            if (own) {
                ranges.add(new int[] {token.start(), token.end()});
                sums.add((double) scores[t]);
            } else if (!ranges.isEmpty()) {
                sums.set(sums.size() - 1, sums.getLast() + scores[t]);
            }
        }
        List<TokenHighlight.TokenScore> pieces = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            pieces.add(new TokenHighlight.TokenScore(ranges.get(i)[0], ranges.get(i)[1], sums.get(i)));
        }
        return pieces;
    }

    /**
     * The {@code count} largest (or, with {@code positive} false, most negative) interactions
     * between the caption's own tokens and the patches: BOS, EOS, padding and CLS left out.
     */
    public List<Interaction> strongest(int count, boolean positive) {
        List<Interaction> all = new ArrayList<>();
        Encoding.TokenRange text = words.encoding().textTokens();
        for (int t = text.from(); t < text.to(); t++) {
            for (int p = 0; p < regions.patchCount(); p++) {
                float value = explanation.at(t, explanation.patchColumn(p));
                if (positive ? value > 0 : value < 0) {
                    all.add(new Interaction(t, p, value));
                }
            }
        }
        Comparator<Interaction> order = Comparator.comparingDouble(i -> Math.abs(i.value()));
        all.sort(order.reversed());
        return List.copyOf(all.subList(0, Math.min(count, all.size())));
    }
}
