/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import dev.duet.BadInputException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flickr30k Entities: the split list {@code DIR/<split>.txt} (one image id a line),
 * {@code DIR/Sentences/<id>.txt} (five captions with {@code [/EN#<entity>/<type>[/<type>...] words]}
 * markup), {@code DIR/Annotations/<id>.xml} (Pascal-VOC objects: one or more {@code <name>}
 * entity ids sharing a {@code <bndbox>} with 1-based inclusive pixel corners, or
 * {@code <nobndbox>} / {@code <scene>} entries without a box) and the images in
 * {@code DIR/flickr30k-images/}. A caption's text is its words joined by single spaces; a phrase
 * is grounded when its entity has at least one box (an entity may have several); its class is
 * its first type. The unit of a skipped record is an image (split line, bad XML, missing image)
 * or a caption (bad markup).
 */
public final class FlickrEntitiesReader {

    public static final String SENTENCES = "Sentences";
    public static final String ANNOTATIONS = "Annotations";
    public static final String IMAGES = "flickr30k-images";

    private static final Pattern IMAGE_ID = Pattern.compile("[0-9]{1,20}");
    private static final Pattern PHRASE_START = Pattern.compile("\\[/EN#([0-9]{1,9})((?:/[a-z]+)+)");

    private final Path dir;
    private final RecordProblems problems;
    private final DocumentBuilder xml;

    private FlickrEntitiesReader(Path dir, RecordProblems problems) {
        this.dir = dir;
        this.problems = problems;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            this.xml = factory.newDocumentBuilder();
            // without a handler of its own the parser prints every problem on standard error: a fatal one ends the
            // parse as the SAXException refused below, the others let it go on as before, silently
            this.xml.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException exception) {
                    // the parse goes on
                }

                @Override
                public void error(SAXParseException exception) {
                    // the parse goes on
                }

                @Override
                public void fatalError(SAXParseException exception) throws SAXParseException {
                    throw exception;
                }
            });
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses secure processing", e);
        }
    }

    public static GroundingDataset read(Path dir, DatasetSplit split, RecordProblems problems) {
        return new FlickrEntitiesReader(dir, problems).read(split);
    }

    private GroundingDataset read(DatasetSplit split) {
        String layout = "a Flickr30k Entities folder holds <split>.txt, Sentences/, Annotations/ and flickr30k-images/";
        Path list = dir.resolve(split.cliName() + ".txt");
        if (!Files.isRegularFile(list)) {
            throw new BadInputException(list, "expected split list is missing (" + layout + ")");
        }
        for (String folder : List.of(SENTENCES, ANNOTATIONS, IMAGES)) {
            if (!Files.isDirectory(dir.resolve(folder))) {
                throw new BadInputException(dir.resolve(folder), "expected folder is missing (" + layout + ")");
            }
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(list, "cannot read: " + e.getMessage(), e);
        }
        List<GroundedImage> images = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i).strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!IMAGE_ID.matcher(id).matches()) {
                problems.report(list, "line " + (i + 1), "'" + id + "' is not an image id");
                continue;
            }
            try {
                images.add(image(id));
            } catch (BadInputException problem) {
                problems.report(problem);
            }
        }
        return new GroundingDataset(DatasetKind.FLICKR30K_ENTITIES, images, problems);
    }

    private record Annotation(String fileName, int width, int height, Map<String, List<BoundingBox>> boxes) {
    }

    private GroundedImage image(String id) {
        Annotation annotation = annotation(dir.resolve(ANNOTATIONS).resolve(id + ".xml"));
        Path imageFile = dir.resolve(IMAGES).resolve(annotation.fileName().isEmpty() ? id + ".jpg" : annotation.fileName());
        if (!Files.isRegularFile(imageFile) || !imageFile.normalize().startsWith(dir.resolve(IMAGES).normalize())) {
            throw new BadInputException(imageFile, "image of " + id + " is missing");
        }
        Path sentences = dir.resolve(SENTENCES).resolve(id + ".txt");
        List<String> lines;
        try {
            lines = Files.readAllLines(sentences, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(sentences, "cannot read: " + e.getMessage(), e);
        }
        List<GroundedCaption> captions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                captions.add(caption(id + "#" + i, lines.get(i), annotation, sentences, i + 1));
            } catch (BadInputException problem) {
                problems.report(problem);
            }
        }
        return new GroundedImage(id, imageFile, annotation.width(), annotation.height(), captions);
    }

    /** One sentence without its markup, and its grounded phrases. */
    static GroundedCaption caption(String id, String line, Annotation annotation, Path file, int lineNumber) {
        String where = "line " + lineNumber;
        StringBuilder text = new StringBuilder();
        List<GroundedPhrase> phrases = new ArrayList<>();
        String[] words = line.strip().split("\\s+");
        int w = 0;
        while (w < words.length) {
            String word = words[w];
            if (!word.startsWith("[")) {
                append(text, word);
                w++;
                continue;
            }
            Matcher start = PHRASE_START.matcher(word);
            if (!start.matches()) {
                throw new BadInputException(file, where + ": '" + word + "' is not phrase markup [/EN#<entity>/<type>");
            }
            String[] types = start.group(2).substring(1).split("/");
            FlickrEntityType type = FlickrEntityType.fromMarkup(types[0]).orElseThrow(() ->
                    new BadInputException(file, where + ": unknown phrase type '" + types[0] + "'"));
            int phraseStart = -1;
            int phraseEnd = -1;
            boolean closed = false;
            for (w++; w < words.length && !closed; w++) {
                String inner = words[w];
                closed = inner.endsWith("]");
                String kept = closed ? inner.substring(0, inner.length() - 1) : inner;
                if (kept.isEmpty()) {
                    continue;
                }
                append(text, kept);
                phraseStart = phraseStart < 0 ? text.length() - kept.length() : phraseStart;
                phraseEnd = text.length();
            }
            if (!closed || phraseStart < 0) {
                throw new BadInputException(file, where + ": phrase [/EN#" + start.group(1) + " is "
                        + (closed ? "empty" : "not closed by ']'"));
            }
            String entity = start.group(1);
            List<BoundingBox> boxes = annotation == null ? List.of() : annotation.boxes().getOrDefault(entity, List.of());
            if (!boxes.isEmpty()) {
                phrases.add(new GroundedPhrase(new TextSpan(phraseStart, phraseEnd), type.markupName(), boxes));
            }
        }
        return new GroundedCaption(id, text.toString(), phrases, List.of());
    }

    private static void append(StringBuilder text, String word) {
        if (!text.isEmpty()) {
            text.append(' ');
        }
        text.append(word);
    }

    private Annotation annotation(Path file) {
        Document document;
        try {
            document = xml.parse(file.toFile());
        } catch (SAXException e) {
            throw new BadInputException(file, "malformed XML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        Element root = document.getDocumentElement();
        Element size = child(root, "size", file, "<annotation>");
        int width = integer(size, "width", file);
        int height = integer(size, "height", file);
        if (width <= 0 || height <= 0) {
            throw new BadInputException(file, "<size> must be positive, got " + width + "x" + height);
        }
        String fileName = text(root, "filename");
        Map<String, List<BoundingBox>> boxes = new LinkedHashMap<>();
        NodeList objects = root.getElementsByTagName("object");
        for (int o = 0; o < objects.getLength(); o++) {
            Element object = (Element) objects.item(o);
            NodeList names = object.getElementsByTagName("name");
            NodeList boxNodes = object.getElementsByTagName("bndbox");
            if (names.getLength() == 0) {
                throw new BadInputException(file, "object " + (o + 1) + " has no <name>");
            }
            if (boxNodes.getLength() == 0) {
                continue;
            }
            Element box = (Element) boxNodes.item(0);
            String where = "object " + (o + 1) + " <bndbox>";
            int xmin = integer(box, "xmin", file);
            int ymin = integer(box, "ymin", file);
            int xmax = integer(box, "xmax", file);
            int ymax = integer(box, "ymax", file);
            if (xmin < 1 || ymin < 1 || xmax < xmin || ymax < ymin || xmax > width || ymax > height) {
                throw new BadInputException(file, where + " [" + xmin + ", " + ymin + ", " + xmax + ", " + ymax
                        + "] is not a box inside the " + width + "x" + height + " image (1-based, inclusive)");
            }
            BoundingBox pixels = new BoundingBox(xmin - 1, ymin - 1, xmax - xmin + 1.0, ymax - ymin + 1.0);
            for (int n = 0; n < names.getLength(); n++) {
                boxes.computeIfAbsent(names.item(n).getTextContent().strip(), key -> new ArrayList<>()).add(pixels);
            }
        }
        return new Annotation(fileName, width, height, boxes);
    }

    private static Element child(Element parent, String tag, Path file, String where) {
        NodeList nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            throw new BadInputException(file, where + " has no <" + tag + ">");
        }
        return (Element) nodes.item(0);
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private static int integer(Element parent, String tag, Path file) {
        String value = child(parent, tag, file, "<" + parent.getTagName() + ">").getTextContent().strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadInputException(file, "<" + tag + "> must be an integer, got '" + value + "'");
        }
    }
}
