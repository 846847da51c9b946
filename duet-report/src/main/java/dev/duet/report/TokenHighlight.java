/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A caption with each token's characters on a patch of its score's colour, the score written
 * small underneath, the special tokens' scores (BOS, EOS, the image's CLS) as labelled chips
 * apart from the text, and the colour bar. Text wraps between words.
 */
public final class TokenHighlight {

    /** A token's characters [start, end) in the original caption, and its score. */
    public record TokenScore(int start, int end, double score) {

        public TokenScore {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("bad token span [" + start + ", " + end + ")");
            }
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("token score is " + score);
            }
        }
    }

    /** A score that belongs to no word, such as BOS, EOS or CLS, shown as a chip. */
    public record SpecialScore(String label, double score) {

        public SpecialScore {
            if (label == null || label.isEmpty() || !Double.isFinite(score)) {
                throw new IllegalArgumentException("special score needs a label and a finite score");
            }
        }
    }

    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 24);
    private static final int WIDTH = 640;
    private static final int CONTENT_WIDTH = WIDTH - 2 * Canvas.MARGIN;
    private static final int PAD_X = 3;
    private static final int PAD_Y = 3;
    private static final int LINE_GAP = 12;
    private static final int VALUE_GAP = 4;
    private static final int SECTION_GAP = 18;
    private static final int MAX_BAR = 420;

    private final String caption;

    public TokenHighlight() {
        this("contribution to similarity");
    }

    /** @param caption what the scores mean, under the colour bar */
    public TokenHighlight(String caption) {
        this.caption = caption;
    }

    /** Colours on a scale fitted to the tokens' largest |score| (special tokens do not count). */
    public Figure render(String title, String text, List<TokenScore> tokens,
                         List<SpecialScore> specials) {
        float[] scores = new float[tokens.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (float) tokens.get(i).score();
        }
        return render(title, text, tokens, specials, ColorScale.fitting(scores));
    }

    private Figure render(String title, String text, List<TokenScore> tokens,
                          List<SpecialScore> specials, ColorScale colors) {
        Layout layout = Layout.of(title, text, tokens);
        ScaleLabels labels = ScaleLabels.of(colors);
        FontMetrics small = Canvas.metrics(Canvas.SMALL);
        int chipHeight = small.getHeight() + 8;
        ColorBar bar = new ColorBar(colors, caption);
        int barLength = Math.min(CONTENT_WIDTH - 60, MAX_BAR);
        int chipsHeight = specials.isEmpty() ? 0 : chipHeight + SECTION_GAP;
        int textBottom = layout.textTop() + layout.lines() * layout.lineHeight();
        int height = textBottom + chipsHeight + bar.breadth(ColorBar.Orientation.HORIZONTAL)
                + 6 + Canvas.MARGIN;

        BufferedImage image = Canvas.blank(WIDTH, height);
        Graphics2D g = Canvas.graphics(image);
        layout.title().draw(g, Canvas.MARGIN, Canvas.MARGIN);
        drawPieces(g, layout, text, tokens, colors, labels);
        if (!specials.isEmpty()) {
            drawChips(g, specials, colors, labels, textBottom, chipHeight);
        }
        bar.draw(g, (WIDTH - barLength) / 2, textBottom + chipsHeight, barLength,
                ColorBar.Orientation.HORIZONTAL);
        g.dispose();
        return new Figure(image);
    }

    /** Where the first piece of token {@code index} is drawn in {@link #render}'s figure. */
    public Rectangle2D tokenBounds(String title, String text, List<TokenScore> tokens, int index) {
        Layout layout = Layout.of(title, text, tokens);
        for (Piece piece : layout.pieces()) {
            if (piece.token() == index) {
                return layout.bounds(piece);
            }
        }
        throw new IllegalArgumentException("token " + index + " is not drawn");
    }

    /**
     * Characters drawn together: one token's characters within one word, or characters no token
     * holds; {@code textOffset} is the padding before the text (the first piece of a word).
     */
    private record Piece(int start, int end, int token, int line, double x, double width,
                         double textOffset) {
    }

    /** Where everything of the text goes; shared by drawing and by {@link #tokenBounds}. */
    private record Layout(Title title, List<Piece> pieces, int lines, int textTop, int boxHeight,
                          int lineHeight, FontMetrics metrics) {

        static Layout of(String title, String text, List<TokenScore> tokens) {
            FontMetrics metrics = Canvas.metrics(TEXT);
            FontMetrics small = Canvas.metrics(Canvas.SMALL);
            Title heading = Title.of(title, CONTENT_WIDTH);
            List<Piece> pieces = layout(text, owners(text, tokens), metrics, CONTENT_WIDTH);
            int lines = pieces.isEmpty() ? 1 : pieces.getLast().line() + 1;
            int boxHeight = metrics.getAscent() + metrics.getDescent() + 2 * PAD_Y;
            int valueRows = 2 * (small.getHeight() + 1);
            int lineHeight = boxHeight + VALUE_GAP + valueRows + LINE_GAP;
            return new Layout(heading, pieces, lines, Canvas.MARGIN + heading.height(), boxHeight,
                    lineHeight, metrics);
        }

        Rectangle2D bounds(Piece piece) {
            return new Rectangle2D.Double(Canvas.MARGIN + piece.x(),
                    textTop + piece.line() * lineHeight, piece.width(), boxHeight);
        }
    }

    /** For each character of the text, the index of the token that holds it, or -1. */
    private static int[] owners(String text, List<TokenScore> tokens) {
        int[] owner = new int[text.length()];
        Arrays.fill(owner, -1);
        for (int t = 0; t < tokens.size(); t++) {
            TokenScore token = tokens.get(t);
            if (token.end() > text.length()) {
                throw new IllegalArgumentException("token " + t + " ends at " + token.end()
                        + ", past the text's " + text.length() + " characters");
            }
            for (int c = token.start(); c < token.end(); c++) {
                if (owner[c] >= 0) {
                    throw new IllegalArgumentException("tokens " + owner[c] + " and " + t
                            + " overlap at character " + c);
                }
                owner[c] = t;
            }
        }
        return owner;
    }

    /** Words (runs without whitespace) placed on lines, split into pieces by token. */
    private static List<Piece> layout(String text, int[] owner, FontMetrics metrics, int maxWidth) {
        List<Piece> pieces = new ArrayList<>();
        double space = metrics.getStringBounds(" ", null).getWidth();
        double x = 0;
        int line = 0;
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            int wordEnd = i;
            while (wordEnd < text.length() && !Character.isWhitespace(text.charAt(wordEnd))) {
                wordEnd++;
            }
            double wordWidth = metrics.getStringBounds(text, i, wordEnd, null).getWidth()
                    + 2 * PAD_X;
            if (x > 0 && x + wordWidth > maxWidth) {
                line++;
                x = 0;
            }
            int start = i;
            while (start < wordEnd) {
                int end = start + 1;
                while (end < wordEnd && owner[end] == owner[start]) {
                    end++;
                }
                double width = metrics.getStringBounds(text, start, end, null).getWidth();
                boolean first = start == i;
                boolean last = end == wordEnd;
                double padded = width + (first ? PAD_X : 0) + (last ? PAD_X : 0);
                pieces.add(new Piece(start, end, owner[start], line, x, padded,
                        first ? PAD_X : 0));
                x += padded;
                start = end;
            }
            x += space;
            i = wordEnd;
        }
        return pieces;
    }

    private static void drawPieces(Graphics2D g, Layout layout, String text,
                                   List<TokenScore> tokens, ColorScale colors, ScaleLabels labels) {
        FontMetrics small = g.getFontMetrics(Canvas.SMALL);
        // value labels go in the first of two rows under the line where they do not collide
        double[] rowEnds = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        int currentLine = -1;
        boolean[] valueShown = new boolean[tokens.size()];
        for (Piece piece : layout.pieces()) {
            if (piece.line() != currentLine) {
                currentLine = piece.line();
                Arrays.fill(rowEnds, Double.NEGATIVE_INFINITY);
            }
            Rectangle2D box = layout.bounds(piece);
            double x = box.getX();
            double y = box.getY();
            int boxHeight = layout.boxHeight();
            Color ink = Canvas.INK;
            if (piece.token() >= 0) {
                int background = colors.rgb(tokens.get(piece.token()).score());
                g.setColor(new Color(background));
                // a hairline gap shows where one token of a word ends and the next begins
                g.fill(new RoundRectangle2D.Double(x + 0.5, y, piece.width() - 1, boxHeight, 6, 6));
                ink = Canvas.inkOn(background);
            }
            g.setFont(TEXT);
            g.setColor(ink);
            g.drawString(text.substring(piece.start(), piece.end()), (float) (x + piece.textOffset()),
                    (float) (y + PAD_Y + layout.metrics().getAscent()));
            if (piece.token() >= 0 && !valueShown[piece.token()]) {
                valueShown[piece.token()] = true;
                String value = labels.format(tokens.get(piece.token()).score(), true);
                double valueWidth = small.getStringBounds(value, g).getWidth();
                double valueX = Math.max(2, x + (piece.width() - valueWidth) / 2);
                for (int row = 0; row < rowEnds.length; row++) {
                    if (valueX >= rowEnds[row] + 4) {
                        g.setFont(Canvas.SMALL);
                        g.setColor(Canvas.MUTED);
                        g.drawString(value, (float) valueX, (float) (y + boxHeight + VALUE_GAP
                                + row * (small.getHeight() + 1) + small.getAscent()));
                        rowEnds[row] = valueX + valueWidth;
                        break;
                    }
                }
            }
        }
    }

    private static void drawChips(Graphics2D g, List<SpecialScore> specials, ColorScale colors,
                                  ScaleLabels labels, int top, int chipHeight) {
        FontMetrics small = g.getFontMetrics(Canvas.SMALL);
        g.setFont(Canvas.SMALL);
        g.setColor(Canvas.MUTED);
        String lead = "special tokens";
        g.drawString(lead, Canvas.MARGIN, top + (chipHeight + small.getAscent()) / 2f - 1);
        double x = Canvas.MARGIN + Canvas.width(small, lead) + 10;
        for (SpecialScore special : specials) {
            String text = special.label() + "  " + labels.format(special.score(), true);
            double width = Canvas.width(small, text) + 14;
            int background = colors.rgb(special.score());
            RoundRectangle2D chip = new RoundRectangle2D.Double(x, top, width, chipHeight,
                    chipHeight, chipHeight);
            g.setColor(new Color(background));
            g.fill(chip);
            g.setColor(Canvas.FRAME);
            g.draw(chip);
            g.setColor(Canvas.inkOn(background));
            g.drawString(text, (float) (x + 7), top + (chipHeight + small.getAscent()) / 2f - 1);
            x += width + 8;
        }
    }
}
