/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.duet.BadInputException;
import dev.duet.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one COCO JSON file with Jackson's streaming parser, so that the large fields Duet
 * does not use (segmentations, licences) are skipped rather than built into a tree. Checks
 * what one entry can check alone: types, required fields, non-negative ids, finite numbers,
 * box sizes, spans inside their caption. Cross-references are {@link CocoReader}'s job.
 */
final class CocoFileParser {

    /** What a file is expected to hold in its {@code annotations} array. */
    enum Role { CAPTIONS, INSTANCES }

    /** One file's entries in file order; {@code categories} is empty for a captions file. */
    record Contents(Map<String, String> info, List<CocoImage> images, List<CocoCategory> categories,
                    List<CocoInstance> instances, List<CocoCaption> captions) {
    }

    static final int MAX_IMAGE_SIDE = 1 << 16;
    static final int MAX_TEXT_CHARS = 10_000;
    private static final int MAX_NESTING = 64;
    private static final int MAX_NUMBER_CHARS = 64;

    private final Path file;
    private final Role role;
    private final long maxBytes;
    private final RecordProblems problems;
    private JsonParser parser;

    private CocoFileParser(Path file, Role role, long maxBytes, RecordProblems problems) {
        this.file = file;
        this.role = role;
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    /** Entries of the top-level arrays that fail their own checks go to {@code problems}. */
    static Contents parse(Path file, Role role, long maxBytes, RecordProblems problems) {
        return new CocoFileParser(file, role, maxBytes, problems).parse();
    }

    private Contents parse() {
        long size = sizeOf();
        if (size > maxBytes) {
            throw new BadInputException(file, "file is " + size + " bytes, more than the limit of " + maxBytes);
        }
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(MAX_TEXT_CHARS * 4)
                        .maxNumberLength(MAX_NUMBER_CHARS)
                        .maxDocumentLength(maxBytes)
                        .build())
                .build();
        try (InputStream in = Files.newInputStream(file); JsonParser opened = factory.createParser(in)) {
            parser = opened;
            return readDocument();
        } catch (StreamConstraintsException e) {
            throw new BadInputException(file, "exceeds a JSON limit: " + oneLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON" + at(e.getLocation()) + ": "
                    + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + oneLine(String.valueOf(e.getMessage())), e);
        }
    }

    private long sizeOf() {
        return InputFiles.checkedSize(file, maxBytes);
    }

    private Contents readDocument() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw fail("the top level", "must be a JSON object");
        }
        Map<String, String> info = Map.of();
        List<CocoImage> images = null;
        List<CocoCategory> categories = null;
        List<CocoInstance> instances = new ArrayList<>();
        List<CocoCaption> captions = new ArrayList<>();
        boolean sawAnnotations = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case CocoFields.INFO -> info = readInfo();
                case CocoFields.IMAGES -> images = readRecords(name, this::readImage);
                case CocoFields.CATEGORIES -> categories = readRecords(name, this::readCategory);
                case CocoFields.ANNOTATIONS -> {
                    sawAnnotations = true;
                    if (role == Role.CAPTIONS) {
                        captions = readRecords(name, this::readCaption);
                    } else {
                        instances = readRecords(name, this::readInstance);
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw fail("the document", "has content after the top-level object" + at(parser.currentLocation()));
        }
        if (images == null) {
            throw fail("the top level", "has no '" + CocoFields.IMAGES + "' array");
        }
        if (!sawAnnotations) {
            throw fail("the top level", "has no '" + CocoFields.ANNOTATIONS + "' array");
        }
        if (role == Role.INSTANCES && categories == null) {
            throw fail("the top level", "has no '" + CocoFields.CATEGORIES + "' array (needed in an instances file)");
        }
        return new Contents(info, images, categories == null ? List.of() : categories, instances, captions);
    }

    private interface EntryReader<T> {
        T read(String where) throws IOException;
    }

    private <T> List<T> readArray(String name, EntryReader<T> entryReader) throws IOException {
        expect(JsonToken.START_ARRAY, "'" + name + "'", "must be an array");
        List<T> entries = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String where = name + "[" + entries.size() + "]";
            expect(JsonToken.START_OBJECT, where, "must be an object");
            entries.add(entryReader.read(where));
        }
        return entries;
    }

    /**
     * A top-level array whose entries are records: an entry that fails its own checks is
     * reported to {@link #problems} (which throws under {@link BadRecordPolicy#FAIL}) and the
     * parser moves on past its closing brace. Malformed JSON still ends the parse.
     */
    private <T> List<T> readRecords(String name, EntryReader<T> entryReader) throws IOException {
        expect(JsonToken.START_ARRAY, "'" + name + "'", "must be an array");
        JsonStreamContext array = parser.getParsingContext();
        List<T> entries = new ArrayList<>();
        int index = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            String where = name + "[" + index++ + "]";
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                problems.report(fail(where, "must be an object"));
                parser.skipChildren();
                continue;
            }
            try {
                entries.add(entryReader.read(where));
            } catch (BadInputException problem) {
                problems.report(problem);
                while (parser.getParsingContext() != array) {
                    if (parser.nextToken() == null) {
                        throw fail(where, "ends inside the record");
                    }
                }
            }
        }
        return entries;
    }

    /** Keeps the header's scalar values as text (COCO writes "year": 2017); skips nested values. */
    private Map<String, String> readInfo() throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(JsonToken.START_OBJECT, "'" + CocoFields.INFO + "'", "must be an object");
        Map<String, String> info = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                info.put(key, parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return info;
    }

    private CocoImage readImage(String where) throws IOException {
        Long id = null;
        String fileName = null;
        Integer width = null;
        Integer height = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case CocoFields.ID -> id = readId(where, name);
                case CocoFields.FILE_NAME -> fileName = readString(where, name);
                case CocoFields.WIDTH -> width = readSide(where, name);
                case CocoFields.HEIGHT -> height = readSide(where, name);
                default -> parser.skipChildren();
            }
        }
        require(id, where, CocoFields.ID);
        require(fileName, where, CocoFields.FILE_NAME);
        require(width, where, CocoFields.WIDTH);
        require(height, where, CocoFields.HEIGHT);
        if (fileName.isEmpty()) {
            throw fail(where, "'" + CocoFields.FILE_NAME + "' is empty");
        }
        return new CocoImage(id, fileName, width, height);
    }

    private CocoCategory readCategory(String where) throws IOException {
        Long id = null;
        String name = null;
        String supercategory = "";
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case CocoFields.ID -> id = readId(where, field);
                case CocoFields.NAME -> name = readString(where, field);
                case CocoFields.SUPERCATEGORY -> supercategory = readString(where, field);
                default -> parser.skipChildren();
            }
        }
        require(id, where, CocoFields.ID);
        require(name, where, CocoFields.NAME);
        return new CocoCategory(id, name, supercategory);
    }

    private CocoInstance readInstance(String where) throws IOException {
        Long id = null;
        Long imageId = null;
        Long categoryId = null;
        BoundingBox bbox = null;
        Double area = null;
        boolean crowd = false;
        Map<String, String> attributes = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case CocoFields.ID -> id = readId(where, name);
                case CocoFields.IMAGE_ID -> imageId = readId(where, name);
                case CocoFields.CATEGORY_ID -> categoryId = readId(where, name);
                case CocoFields.BBOX -> bbox = readBox(where);
                case CocoFields.AREA -> area = readNonNegative(where, name);
                case CocoFields.ISCROWD -> crowd = readFlag(where, name);
                case CocoFields.ATTRIBUTES -> attributes = readAttributes(where);
                default -> parser.skipChildren();
            }
        }
        require(id, where, CocoFields.ID);
        require(imageId, where, CocoFields.IMAGE_ID);
        require(categoryId, where, CocoFields.CATEGORY_ID);
        require(bbox, where, CocoFields.BBOX);
        return new CocoInstance(id, imageId, categoryId, bbox, area == null ? bbox.area() : area, crowd, attributes);
    }

    private CocoCaption readCaption(String where) throws IOException {
        Long id = null;
        Long imageId = null;
        String caption = null;
        List<Grounding> grounding = List.of();
        List<HardNegative> negatives = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case CocoFields.ID -> id = readId(where, name);
                case CocoFields.IMAGE_ID -> imageId = readId(where, name);
                case CocoFields.CAPTION -> caption = readText(where, name);
                case CocoFields.GROUNDING -> grounding = readArray(where + "." + name, this::readGrounding);
                case CocoFields.NEGATIVES -> negatives = readArray(where + "." + name, this::readNegative);
                default -> parser.skipChildren();
            }
        }
        require(id, where, CocoFields.ID);
        require(imageId, where, CocoFields.IMAGE_ID);
        require(caption, where, CocoFields.CAPTION);
        for (int i = 0; i < grounding.size(); i++) {
            TextSpan span = grounding.get(i).span();
            if (!span.fitsIn(caption)) {
                throw fail(where + "." + CocoFields.GROUNDING + "[" + i + "]", "span [" + span.start() + ", "
                        + span.end() + ") lies outside the caption (" + caption.length() + " characters)");
            }
        }
        return new CocoCaption(id, imageId, caption, grounding, negatives);
    }

    private Grounding readGrounding(String where) throws IOException {
        Long instanceId = null;
        TextSpan span = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case CocoFields.INSTANCE_ID -> instanceId = readId(where, name);
                case CocoFields.SPAN -> span = readSpan(where);
                default -> parser.skipChildren();
            }
        }
        require(instanceId, where, CocoFields.INSTANCE_ID);
        require(span, where, CocoFields.SPAN);
        return new Grounding(instanceId, span);
    }

    private HardNegative readNegative(String where) throws IOException {
        String caption = null;
        SwapKind swap = null;
        TextSpan span = null;
        String replaced = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case CocoFields.CAPTION -> caption = readText(where, name);
                case CocoFields.SWAP -> {
                    String kind = readString(where, name);
                    swap = SwapKind.fromJsonName(kind)
                            .orElseThrow(() -> fail(where, "unknown swap kind '" + kind + "'"));
                }
                case CocoFields.SPAN -> span = readSpan(where);
                case CocoFields.REPLACED -> replaced = readText(where, name);
                default -> parser.skipChildren();
            }
        }
        require(caption, where, CocoFields.CAPTION);
        require(swap, where, CocoFields.SWAP);
        require(span, where, CocoFields.SPAN);
        require(replaced, where, CocoFields.REPLACED);
        if (!span.fitsIn(caption)) {
            throw fail(where, "span [" + span.start() + ", " + span.end() + ") lies outside the negative caption ("
                    + caption.length() + " characters)");
        }
        if (replaced.isEmpty()) {
            throw fail(where, "'" + CocoFields.REPLACED + "' is empty");
        }
        return new HardNegative(caption, swap, span, replaced);
    }

    private Map<String, String> readAttributes(String where) throws IOException {
        expect(JsonToken.START_OBJECT, where + "." + CocoFields.ATTRIBUTES, "must be an object");
        Map<String, String> attributes = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            attributes.put(key, readString(where + "." + CocoFields.ATTRIBUTES, key));
        }
        return attributes;
    }

    private long readId(String where, String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw fail(where, "'" + field + "' must be an integer id");
        }
        long id = parser.getLongValue();
        if (id < 0) {
            throw fail(where, "'" + field + "' must be >= 0, got " + id);
        }
        return id;
    }

    private int readSide(String where, String field) throws IOException {
        long side = readId(where, field);
        if (side < 1 || side > MAX_IMAGE_SIDE) {
            throw fail(where, "'" + field + "' must be in [1, " + MAX_IMAGE_SIDE + "], got " + side);
        }
        return (int) side;
    }

    private double readNumber(String where, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw fail(where, "'" + field + "' must be a number");
        }
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
            throw fail(where, "'" + field + "' must be finite");
        }
        return value;
    }

    private double readNonNegative(String where, String field) throws IOException {
        double value = readNumber(where, field);
        if (value < 0) {
            throw fail(where, "'" + field + "' must be >= 0, got " + value);
        }
        return value;
    }

    private boolean readFlag(String where, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return token == JsonToken.VALUE_TRUE;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            long value = parser.getLongValue();
            if (value == 0 || value == 1) {
                return value == 1;
            }
        }
        throw fail(where, "'" + field + "' must be 0 or 1");
    }

    private String readString(String where, String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw fail(where, "'" + field + "' must be a string");
        }
        return parser.getText();
    }

    private String readText(String where, String field) throws IOException {
        String text = readString(where, field);
        if (text.length() > MAX_TEXT_CHARS) {
            throw fail(where, "'" + field + "' is " + text.length() + " characters, more than " + MAX_TEXT_CHARS);
        }
        return text;
    }

    private BoundingBox readBox(String where) throws IOException {
        expect(JsonToken.START_ARRAY, where, "'" + CocoFields.BBOX + "' must be an array [x, y, width, height]");
        double[] values = new double[4];
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (count == values.length) {
                throw fail(where, "'" + CocoFields.BBOX + "' has more than 4 numbers");
            }
            values[count++] = readNumber(where, CocoFields.BBOX);
        }
        if (count != values.length) {
            throw fail(where, "'" + CocoFields.BBOX + "' has " + count + " numbers, expected 4");
        }
        for (double value : values) {
            if (value < 0) {
                throw fail(where, "'" + CocoFields.BBOX + "' has a negative entry " + value);
            }
        }
        return new BoundingBox(values[0], values[1], values[2], values[3]);
    }

    private TextSpan readSpan(String where) throws IOException {
        expect(JsonToken.START_ARRAY, where, "'" + CocoFields.SPAN + "' must be an array [start, end]");
        long[] bounds = new long[2];
        int count = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (count == bounds.length) {
                throw fail(where, "'" + CocoFields.SPAN + "' has more than 2 numbers");
            }
            bounds[count++] = readId(where, CocoFields.SPAN);
        }
        if (count != bounds.length) {
            throw fail(where, "'" + CocoFields.SPAN + "' has " + count + " numbers, expected 2");
        }
        if (bounds[1] <= bounds[0] || bounds[1] > MAX_TEXT_CHARS) {
            throw fail(where, "'" + CocoFields.SPAN + "' [" + bounds[0] + ", " + bounds[1]
                    + ") must satisfy start < end <= " + MAX_TEXT_CHARS);
        }
        return new TextSpan((int) bounds[0], (int) bounds[1]);
    }

    private void expect(JsonToken token, String where, String problem) {
        if (parser.currentToken() != token) {
            throw fail(where, problem + at(parser.currentLocation()));
        }
    }

    private void require(Object value, String where, String field) {
        if (value == null) {
            throw fail(where, "has no '" + field + "'");
        }
    }

    private BadInputException fail(String where, String problem) {
        return new BadInputException(file, where + ": " + problem);
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }
}
