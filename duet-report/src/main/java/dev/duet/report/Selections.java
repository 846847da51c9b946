package dev.duet.report;

import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Explanation;
import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An explanation read through selections a person makes: a caption span (words or characters)
 * gives its image map, a box in the original photo's pixels gives each token's score, and the
 * first-order marginals give each token's and each patch's total. Everything here is a sum over
 * the interaction matrix {@code A} [tokens][1 + patches], so it costs one pass over {@code A}
 * and no model call.
 */
public final class Selections {

    /** One entry of {@code A}: token (BOS = 0) with patch (row-major, CLS not counted). */
    public record Interaction(int token, int patch, float value) {
    }

    /**
     * Shares of {@code sum |A|} held by the image's CLS column and by the caption's BOS and EOS
     * rows: mass the caption's words and the image's patches do not account for.
     */
    public record SpecialShares(double cls, double bos, double eos) {
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
        if (span.toToken() > words.encoding().eosIndex()) {
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
     * patches' coverage w, [tokens] BOS..EOS; parts of the box the model never saw count for nothing.
     */
    public float[] boxScores(Rect box) {
        return explanation.regionScores(patchWeights(box));
    }

    /** First-order token scores: the rows' sums over CLS and every patch, [tokens] BOS..EOS. */
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

    /** First-order patch map: the columns' sums over every token, BOS and EOS included, [patches]. */
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

    public SpecialShares specialShares() {
        double all = 0;
        double cls = 0;
        double bos = 0;
        double eos = 0;
        int last = explanation.tokens() - 1;
        for (int t = 0; t < explanation.tokens(); t++) {
            for (int column = 0; column < explanation.columns(); column++) {
                double magnitude = Math.abs(explanation.at(t, column));
                all += magnitude;
                if (column == 0 && explanation.classColumn()) {
                    cls += magnitude;
                }
                if (t == 0) {
                    bos += magnitude;
                }
                if (t == last) {
                    eos += magnitude;
                }
            }
        }
        return all == 0 ? new SpecialShares(0, 0, 0) : new SpecialShares(cls / all, bos / all, eos / all);
    }

    /**
     * Per-token scores [tokens] BOS..EOS as the pieces of caption text that {@link TokenHighlight}
     * colours: BOS and EOS left out, and a piece with no characters of its own (the tail bytes of
     * a character BPE split) merged into the piece before it.
     */
    public List<TokenHighlight.TokenScore> highlight(float[] scores) {
        if (scores.length != explanation.tokens()) {
            throw new IllegalArgumentException(scores.length + " scores for " + explanation.tokens() + " tokens");
        }
        List<Token> tokens = words.encoding().tokens();
        List<int[]> ranges = new ArrayList<>();
        List<Double> sums = new ArrayList<>();
        for (int t = 1; t < tokens.size() - 1; t++) {
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
     * between the caption's own tokens and the patches: BOS, EOS and CLS left out.
     */
    public List<Interaction> strongest(int count, boolean positive) {
        List<Interaction> all = new ArrayList<>();
        for (int t = 1; t < explanation.tokens() - 1; t++) {
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
