/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Paints a scene with Java2D antialiasing: the backdrop, then per object a soft drop shadow,
 * a fill shaded by +-12% from top-left to bottom-right and a thin darker rim, and last a mild
 * per-pixel brightness noise of +-{@value #PIXEL_NOISE}.
 */
final class SceneRenderer {

    static final int PIXEL_NOISE = 4;
    private static final float SHADOW_ALPHA = 0.22f;
    private static final double SHADE = 0.12;
    private static final double RIM_DARKENING = 0.35;

    private SceneRenderer() {
    }

    static BufferedImage render(int size, Backdrop backdrop, List<SceneObject> objects, SplittableRandom random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        backdrop.paint(pixels, size);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_COLOR_RENDERING, RenderingHints.VALUE_COLOR_RENDER_QUALITY);
            double shadowOffset = Math.max(0.8, size * 0.012);
            float rim = (float) Math.max(0.6, size * 0.006);
            for (SceneObject object : objects) {
                BoundingBox box = object.box();
                Shape outline = object.shape().outline(box);
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, SHADOW_ALPHA));
                g.setColor(Color.BLACK);
                g.fill(AffineTransform.getTranslateInstance(shadowOffset, shadowOffset).createTransformedShape(outline));
                g.setComposite(AlphaComposite.SrcOver);
                g.setPaint(new GradientPaint((float) box.x(), (float) box.y(), mix(object.fill(), 0xFFFFFF, SHADE),
                        (float) box.right(), (float) box.bottom(), mix(object.fill(), 0x000000, SHADE)));
                g.fill(outline);
                g.setColor(mix(object.fill(), 0x000000, RIM_DARKENING));
                g.setStroke(new BasicStroke(rim, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(outline);
            }
        } finally {
            g.dispose();
        }
        addNoise(pixels, random);
        return image;
    }

    private static Color mix(int rgb, int toward, double weight) {
        int red = (int) Math.round((rgb >> 16 & 0xFF) * (1 - weight) + (toward >> 16 & 0xFF) * weight);
        int green = (int) Math.round((rgb >> 8 & 0xFF) * (1 - weight) + (toward >> 8 & 0xFF) * weight);
        int blue = (int) Math.round((rgb & 0xFF) * (1 - weight) + (toward & 0xFF) * weight);
        return new Color(red, green, blue);
    }

    /** Each pixel takes 4 random bits (16 pixels per draw), mapped near-uniformly onto -4..4. */
    private static void addNoise(int[] pixels, SplittableRandom random) {
        long bits = 0;
        for (int i = 0; i < pixels.length; i++) {
            if ((i & 15) == 0) {
                bits = random.nextLong();
            }
            int shift = (int) ((bits & 15) * (2 * PIXEL_NOISE + 1) >> 4) - PIXEL_NOISE;
            bits >>>= 4;
            int pixel = pixels[i];
            pixels[i] = SceneLayout.clamp((pixel >> 16 & 0xFF) + shift) << 16
                    | SceneLayout.clamp((pixel >> 8 & 0xFF) + shift) << 8
                    | SceneLayout.clamp((pixel & 0xFF) + shift);
        }
    }
}
