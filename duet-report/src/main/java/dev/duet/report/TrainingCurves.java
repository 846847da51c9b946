package dev.duet.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Two panels against training step: the contrastive loss, and the held-out scores (retrieval,
 * grounding, grounding of new concepts, and grounding's chance level, dashed).
 */
public final class TrainingCurves {

    /** One named series of (step, value) points; NaN values are skipped. */
    public record Series(String label, Color colour, boolean dashed, double[] steps, double[] values) {
        public Series {
            if (steps.length != values.length) {
                throw new IllegalArgumentException("steps and values differ in length");
            }
        }
    }

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 440;
    private static final int MARGIN = 60;

    private TrainingCurves() {
    }

    public static Figure render(String title, Series loss, List<Series> scores) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(30, 30, 30));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, MARGIN, 30);
        double maxStep = 1;
        double maxLoss = 0;
        for (int i = 0; i < loss.steps().length; i++) {
            maxStep = Math.max(maxStep, loss.steps()[i]);
            if (Double.isFinite(loss.values()[i])) {
                maxLoss = Math.max(maxLoss, loss.values()[i]);
            }
        }
        for (Series series : scores) {
            for (double step : series.steps()) {
                maxStep = Math.max(maxStep, step);
            }
        }
        int panelWidth = (WIDTH - 3 * MARGIN) / 2;
        int top = 60;
        int height = HEIGHT - top - 90;
        panel(g, MARGIN, top, panelWidth, height, "loss", maxStep, Math.max(maxLoss, 1e-9), List.of(loss));
        panel(g, 2 * MARGIN + panelWidth, top, panelWidth, height, "held-out score", maxStep, 1.0, scores);
        g.dispose();
        return new Figure(image);
    }

    private static void panel(Graphics2D g, int x, int y, int width, int height, String axis, double maxStep,
                              double maxValue, List<Series> series) {
        g.setColor(new Color(245, 245, 245));
        g.fillRect(x, y, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int tick = 0; tick <= 4; tick++) {
            int ty = y + height - tick * height / 4;
            g.setColor(new Color(220, 220, 220));
            g.drawLine(x, ty, x + width, ty);
            g.setColor(new Color(90, 90, 90));
            g.drawString(String.format(Locale.ROOT, "%.2f", maxValue * tick / 4), x - 42, ty + 4);
            int tx = x + tick * width / 4;
            g.drawString(String.format(Locale.ROOT, "%.0f", maxStep * tick / 4), tx - 10, y + height + 16);
        }
        g.drawString(axis + " vs training step", x, y - 6);
        int legendY = y + height + 36;
        int legendX = x;
        for (Series s : series) {
            g.setColor(s.colour());
            g.setStroke(s.dashed() ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                    : new BasicStroke(2f));
            Path2D.Double path = new Path2D.Double();
            boolean started = false;
            for (int i = 0; i < s.steps().length; i++) {
                double value = s.values()[i];
                if (!Double.isFinite(value)) {
                    continue;
                }
                double px = x + s.steps()[i] / maxStep * width;
                double py = y + height - Math.min(value, maxValue) / maxValue * height;
                if (started) {
                    path.lineTo(px, py);
                } else {
                    path.moveTo(px, py);
                    started = true;
                }
                if (s.steps().length < 40) {
                    g.fillOval((int) px - 3, (int) py - 3, 6, 6);
                }
            }
            g.draw(path);
            int entryWidth = 30 + g.getFontMetrics().stringWidth(s.label()) + 14;
            if (legendX > x && legendX + entryWidth > x + width) {
                legendX = x;
                legendY += 18;
            }
            g.drawLine(legendX, legendY - 4, legendX + 20, legendY - 4);
            g.setColor(new Color(40, 40, 40));
            g.drawString(s.label(), legendX + 26, legendY);
            legendX += entryWidth;
        }
        g.setStroke(new BasicStroke(1f));
    }
}
