/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * The shapes Duet can draw. Each has an outline whose tight bounds are the unit square (so an
 * object's box is exactly its drawn extent), a natural width/height ratio, and whether it may
 * also stand upright (width and height swapped). The standard world uses the first eight;
 * diamond and hexagon are spare shapes for shifted worlds.
 */
public enum ShapeKind {
    CIRCLE("circles", 1.0, false, new Ellipse2D.Double(0, 0, 1, 1)),
    SQUARE("squares", 1.0, false, new RoundRectangle2D.Double(0, 0, 1, 1, 0.14, 0.14)),
    TRIANGLE("triangles", 1.155, false, polygon(0.5, 0, 1, 1, 0, 1)),
    RECTANGLE("rectangles", 1.8, true, new RoundRectangle2D.Double(0, 0, 1, 1, 0.1, 0.16)),
    OVAL("ovals", 1.6, true, new Ellipse2D.Double(0, 0, 1, 1)),
    STAR("stars", 1.05, false, star(5, 0.43)),
    HEART("hearts", 1.08, false, heart()),
    CROSS("crosses", 1.0, false, cross(0.34)),
    DIAMOND("diamonds", 0.75, false, polygon(0.5, 0, 1, 0.5, 0.5, 1, 0, 0.5)),
    HEXAGON("hexagons", 1.155, false, regular(6));

    /** The eight shapes of the standard world. */
    public static final List<ShapeKind> STANDARD =
            List.of(CIRCLE, SQUARE, TRIANGLE, RECTANGLE, OVAL, STAR, HEART, CROSS);

    private final String plural;
    private final double aspect;
    private final boolean mayStandUpright;
    private final Shape unitOutline;

    /** {@code raw} may use any coordinates; it is rescaled so that its bounds are the unit square. */
    ShapeKind(String plural, double aspect, boolean mayStandUpright, Shape raw) {
        this.plural = plural;
        this.aspect = aspect;
        this.mayStandUpright = mayStandUpright;
        this.unitOutline = fitToUnitSquare(raw);
    }

    public String noun() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String pluralNoun() {
        return plural;
    }

    /** Width over height of the box when lying down. */
    public double aspect() {
        return aspect;
    }

    public boolean mayStandUpright() {
        return mayStandUpright;
    }

    /** The outline filling {@code box} exactly (its tight bounds are the box). */
    public Shape outline(BoundingBox box) {
        AffineTransform toBox = new AffineTransform(box.width(), 0, 0, box.height(), box.x(), box.y());
        return toBox.createTransformedShape(unitOutline);
    }

    private static Shape fitToUnitSquare(Shape raw) {
        Rectangle2D bounds = raw.getBounds2D();
        AffineTransform fit = new AffineTransform(1 / bounds.getWidth(), 0, 0, 1 / bounds.getHeight(),
                -bounds.getX() / bounds.getWidth(), -bounds.getY() / bounds.getHeight());
        return new Path2D.Double(raw, fit);
    }

    private static Path2D polygon(double... xy) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }

    /** A star with {@code points} tips, inner radius {@code inner} of the outer one, one tip up. */
    private static Path2D star(int points, double inner) {
        double[] xy = new double[4 * points];
        for (int k = 0; k < 2 * points; k++) {
            double radius = k % 2 == 0 ? 1 : inner;
            double angle = -Math.PI / 2 + k * Math.PI / points;
            xy[2 * k] = radius * Math.cos(angle);
            xy[2 * k + 1] = radius * Math.sin(angle);
        }
        return polygon(xy);
    }

    private static Path2D regular(int sides) {
        double[] xy = new double[2 * sides];
        for (int k = 0; k < sides; k++) {
            double angle = 2 * Math.PI * k / sides;
            xy[2 * k] = Math.cos(angle);
            xy[2 * k + 1] = Math.sin(angle);
        }
        return polygon(xy);
    }

    /** The classic heart curve x = 16 sin^3 t, y = -(13 cos t - 5 cos 2t - 2 cos 3t - cos 4t). */
    private static Path2D heart() {
        int steps = 72;
        double[] xy = new double[2 * steps];
        for (int k = 0; k < steps; k++) {
            double t = 2 * Math.PI * k / steps;
            double sin = Math.sin(t);
            xy[2 * k] = 16 * sin * sin * sin;
            xy[2 * k + 1] = -(13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t));
        }
        return polygon(xy);
    }

    /** A plus sign whose arms are {@code thickness} of its width. */
    private static Path2D cross(double thickness) {
        double a = (1 - thickness) / 2;
        double b = a + thickness;
        return polygon(a, 0, b, 0, b, a, 1, a, 1, b, b, b, b, 1, a, 1, a, b, 0, b, 0, a, a, a);
    }
}
