/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.Version;
import org.apache.batik.svggen.SVGGeneratorContext;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.text.TextUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A chart of {@code width} x {@code height} pixels and the Java2D calls that draw it: drawn into
 * a picture for PNG, or through Apache Batik's SVG generator into an SVG drawing whose text
 * stays text. The same calls make both, so the two files show the same chart.
 *
 * @param width   pixels across, at least 1
 * @param height  pixels down, at least 1
 * @param painter draws the whole chart, background included, on a graphics of that size
 */
public record Chart(int width, int height, Consumer<Graphics2D> painter) {

    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

    static {
        // JFreeChart draws rotated text (the vertical axis's label) as a TextLayout by default, a workaround for
        // old JDKs that an SVG generator turns into glyph outlines; drawString under the rotation keeps it text
        // in the SVG and draws the same in a picture. The setting is JFreeChart's, for the whole JVM.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    public Chart {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a chart needs at least one pixel each way, not " + width + " x " + height);
        }
    }

    /** The chart drawn into an opaque RGB picture. */
    public Figure figure() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return new Figure(image);
    }

    /**
     * The chart as a UTF-8 SVG document with a {@code viewBox} of its size: shapes as paths, text as
     * {@code <text>} elements, styles as presentation attributes. The same chart gives the same bytes
     * (Batik numbers its clip paths in drawing order; the only comment names Duet's version).
     */
    public byte[] svg() {
        Document document = svgDocument();
        SVGGeneratorContext context = SVGGeneratorContext.createDefault(document);
        context.setComment("drawn by Duet " + Version.VALUE);
        SVGGraphics2D g = new SVGGraphics2D(context, false);
        g.setSVGCanvasSize(new Dimension(width, height));
        painter.accept(g);
        Element root = g.getRoot(document.getDocumentElement());
        root.setAttributeNS(null, "viewBox", String.format(Locale.ROOT, "0 0 %d %d", width, height));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            g.stream(root, out, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("writing SVG to memory", e);
        } finally {
            g.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * Writes {@code name.png}, {@code name.svg} or both into {@code folder} as {@code format} asks, each
     * atomically (whole or not at all), creating missing folders; a folder that cannot be written is the user's.
     */
    public void write(Path folder, String name, ChartFormat format) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new BadInputException(folder, "cannot write the charts: " + AtomicFiles.reason(e), e);
        }
        if (format.png()) {
            AtomicFiles.write(folder.resolve(name + ".png"), figure().png());
        }
        if (format.svg()) {
            AtomicFiles.write(folder.resolve(name + ".svg"), svg());
        }
    }

    /** An empty SVG document from the JDK's DOM, its root element {@code <svg>} in the SVG namespace. */
    private static Document svgDocument() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().getDOMImplementation().createDocument(SVG_NAMESPACE, "svg", null);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK has no namespace-aware DOM", e);
        }
    }
}
