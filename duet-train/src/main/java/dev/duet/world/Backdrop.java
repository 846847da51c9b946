/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A scene's background: a two-tone gradient (linear at any angle, or radial) with a texture
 * on top (smooth noise, stripes, speckle or a woven check). All parameters are drawn in unit
 * coordinates, so the same backdrop can be painted at any size. The tone is chosen to stand
 * apart from every object colour of the scene.
 */
final class Backdrop {

    /** A background tone: its two gradient ends as 0xRRGGBB. */
    record Tone(String name, int from, int to) {
    }

    enum Texture { NOISE, STRIPES, SPECKLE, WEAVE }

    static final List<Tone> TONES = List.of(
            new Tone("cream", 0xF1EAD6, 0xE2D6BC),
            new Tone("sky", 0xC4DCF2, 0x9EC4E8),
            new Tone("mint", 0xCDECDA, 0xA8D6BE),
            new Tone("lavender", 0xE4DAF2, 0xC9BEE4),
            new Tone("sand", 0xDAC8A4, 0xC4AC84),
            new Tone("peach", 0xFADCC4, 0xEEC4A8),
            new Tone("stone", 0xBCBCB6, 0xA0A29C),
            new Tone("sea", 0xA0D4D6, 0x7ABAC0),
            new Tone("slate", 0x4A5468, 0x343C50),
            new Tone("forest", 0x2C4A3E, 0x1E382E),
            new Tone("night", 0x222A48, 0x161C34),
            new Tone("plum", 0x543450, 0x3E263C),
            new Tone("teal", 0x3C8C8A, 0x2C7070));

    /** Least RGB distance between both gradient ends and every object colour, when some tone allows it. */
    static final double MIN_CONTRAST = 115;
    private static final int TONE_JITTER = 8;
    private static final int NOISE_GRID = 5;
    private static final int SPECKLES = 160;

    private final int from;
    private final int to;
    private final boolean radial;
    private final double angle;
    private final double centreX;
    private final double centreY;
    private final Texture texture;
    private final double amplitude;
    private final double period;
    private final double phase;
    private final double[] noise;
    private final double[] speckles;

    private Backdrop(int from, int to, boolean radial, double angle, double centreX, double centreY, Texture texture,
                     double amplitude, double period, double phase, double[] noise, double[] speckles) {
        this.from = from;
        this.to = to;
        this.radial = radial;
        this.angle = angle;
        this.centreX = centreX;
        this.centreY = centreY;
        this.texture = texture;
        this.amplitude = amplitude;
        this.period = period;
        this.phase = phase;
        this.noise = noise;
        this.speckles = speckles;
    }

    static Backdrop sample(List<NamedColour> objectColours, SplittableRandom random) {
        Tone tone = chooseTone(objectColours, random);
        int from = jitter(tone.from(), random);
        int to = jitter(tone.to(), random);
        if (random.nextBoolean()) {
            int swap = from;
            from = to;
            to = swap;
        }
        boolean radial = random.nextInt(3) == 0;
        double angle = random.nextDouble() * 2 * Math.PI;
        double centreX = 0.25 + 0.5 * random.nextDouble();
        double centreY = 0.25 + 0.5 * random.nextDouble();
        Texture texture = Texture.values()[random.nextInt(Texture.values().length)];
        double amplitude = 6 + 6 * random.nextDouble();
        double period = 0.05 + 0.07 * random.nextDouble();
        double phase = random.nextDouble() * 2 * Math.PI;
        double[] noise = new double[(NOISE_GRID + 1) * (NOISE_GRID + 1)];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = 2 * random.nextDouble() - 1;
        }
        double[] speckles = new double[4 * SPECKLES];
        for (int i = 0; i < SPECKLES; i++) {
            speckles[4 * i] = random.nextDouble();
            speckles[4 * i + 1] = random.nextDouble();
            speckles[4 * i + 2] = 0.004 + 0.008 * random.nextDouble();
            speckles[4 * i + 3] = random.nextBoolean() ? 1 : -1;
        }
        return new Backdrop(from, to, radial, angle, centreX, centreY, texture, amplitude, period, phase, noise, speckles);
    }

    /** A random tone among those far enough from all object colours, else the farthest one. */
    private static Tone chooseTone(List<NamedColour> objectColours, SplittableRandom random) {
        List<Tone> far = new ArrayList<>();
        Tone best = TONES.getFirst();
        double bestContrast = -1;
        for (Tone tone : TONES) {
            double contrast = Double.MAX_VALUE;
            for (NamedColour colour : objectColours) {
                contrast = Math.min(contrast, Math.min(colour.distanceTo(tone.from()), colour.distanceTo(tone.to())));
            }
            if (contrast >= MIN_CONTRAST) {
                far.add(tone);
            }
            if (contrast > bestContrast) {
                bestContrast = contrast;
                best = tone;
            }
        }
        return far.isEmpty() ? best : CaptionSampler.pick(far, random);
    }

    private static int jitter(int rgb, SplittableRandom random) {
        int shift = random.nextInt(-TONE_JITTER, TONE_JITTER + 1);
        return SceneLayout.clamp((rgb >> 16 & 0xFF) + shift) << 16
                | SceneLayout.clamp((rgb >> 8 & 0xFF) + shift) << 8
                | SceneLayout.clamp((rgb & 0xFF) + shift);
    }

    /** Fills {@code pixels} ([size][size] row-major, 0xRRGGBB). */
    void paint(int[] pixels, int size) {
        double[] shade = shade(size);
        double fromRed = from >> 16 & 0xFF;
        double fromGreen = from >> 8 & 0xFF;
        double fromBlue = from & 0xFF;
        double dRed = (to >> 16 & 0xFF) - fromRed;
        double dGreen = (to >> 8 & 0xFF) - fromGreen;
        double dBlue = (to & 0xFF) - fromBlue;
        // linear: t = 0.5 + ((u - 0.5) cos + (v - 0.5) sin) / sqrt 2, stepped per pixel
        double stepU = Math.cos(angle) / (Math.sqrt(2) * size);
        double stepV = Math.sin(angle) / (Math.sqrt(2) * size);
        double rowStart = 0.5 + (0.5 / size - 0.5) * (stepU + stepV) * size;
        for (int row = 0; row < size; row++) {
            double v = (row + 0.5) / size - centreY;
            double t = rowStart + row * stepV;
            for (int column = 0; column < size; column++, t += stepU) {
                double mix;
                if (radial) {
                    double u = (column + 0.5) / size - centreX;
                    mix = Math.min(1, Math.sqrt(u * u + v * v) / 0.9);
                } else {
                    mix = t < 0 ? 0 : Math.min(1, t);
                }
                int i = row * size + column;
                double offset = shade[i] + 0.5;
                pixels[i] = SceneLayout.clamp((int) (fromRed + mix * dRed + offset)) << 16
                        | SceneLayout.clamp((int) (fromGreen + mix * dGreen + offset)) << 8
                        | SceneLayout.clamp((int) (fromBlue + mix * dBlue + offset));
            }
        }
    }

    /**
     * The texture as a brightness change per pixel, within +-amplitude (speckle: +-1.6 amplitude).
     * Every pattern is separable into per-row and per-column terms, so only 2 x size sines are taken.
     */
    private double[] shade(int size) {
        double[] shade = new double[size * size];
        double[] across = new double[size];
        double[] down = new double[size];
        switch (texture) {
            case NOISE -> {
                int[] cellX = new int[size];
                int[] cellY = new int[size];
                double[] fx = new double[size];
                double[] fy = new double[size];
                for (int k = 0; k < size; k++) {
                    double g = (k + 0.5) / size * NOISE_GRID;
                    cellX[k] = Math.min(NOISE_GRID - 1, (int) g);
                    fx[k] = smooth(g - cellX[k]);
                    cellY[k] = cellX[k];
                    fy[k] = fx[k];
                }
                int stride = NOISE_GRID + 1;
                for (int row = 0; row < size; row++) {
                    int base = cellY[row] * stride;
                    for (int column = 0; column < size; column++) {
                        int corner = base + cellX[column];
                        double top = noise[corner] + fx[column] * (noise[corner + 1] - noise[corner]);
                        double bottom = noise[corner + stride]
                                + fx[column] * (noise[corner + stride + 1] - noise[corner + stride]);
                        shade[row * size + column] = amplitude * (top + fy[row] * (bottom - top));
                    }
                }
            }
            case STRIPES -> {
                // sin(a + b) = sin a cos b + cos a sin b, with a from the column and b from the row
                double[] acrossCos = new double[size];
                double[] downCos = new double[size];
                double k = 2 * Math.PI / period;
                for (int i = 0; i < size; i++) {
                    double w = (i + 0.5) / size;
                    across[i] = Math.sin(k * w * Math.cos(phase));
                    acrossCos[i] = Math.cos(k * w * Math.cos(phase));
                    down[i] = Math.sin(k * w * Math.sin(phase));
                    downCos[i] = Math.cos(k * w * Math.sin(phase));
                }
                for (int row = 0; row < size; row++) {
                    for (int column = 0; column < size; column++) {
                        shade[row * size + column] = amplitude
                                * (across[column] * downCos[row] + acrossCos[column] * down[row]);
                    }
                }
            }
            case WEAVE -> {
                for (int i = 0; i < size; i++) {
                    double w = (i + 0.5) / size;
                    across[i] = 0.5 * amplitude * Math.sin(2 * Math.PI * w / period + phase);
                    down[i] = 0.5 * amplitude * Math.sin(2 * Math.PI * w / period);
                }
                for (int row = 0; row < size; row++) {
                    for (int column = 0; column < size; column++) {
                        shade[row * size + column] = across[column] + down[row];
                    }
                }
            }
            case SPECKLE -> addSpeckles(shade, size);
        }
        return shade;
    }

    private static double smooth(double f) {
        return f * f * (3 - 2 * f);
    }

    /** Soft dots of +-1.6 amplitude, at least 0.7 pixel wide. */
    private void addSpeckles(double[] shade, int size) {
        for (int i = 0; i < SPECKLES; i++) {
            double cx = speckles[4 * i] * size;
            double cy = speckles[4 * i + 1] * size;
            double radius = Math.max(0.7, speckles[4 * i + 2] * size);
            double strength = 1.6 * amplitude * speckles[4 * i + 3];
            int x0 = Math.max(0, (int) Math.floor(cx - radius));
            int x1 = Math.min(size - 1, (int) Math.ceil(cx + radius));
            int y0 = Math.max(0, (int) Math.floor(cy - radius));
            int y1 = Math.min(size - 1, (int) Math.ceil(cy + radius));
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    double distance = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                    shade[y * size + x] += strength * Math.max(0, 1 - distance / radius);
                }
            }
        }
    }
}
