/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HNC (hard negative captions, Dönmez et al., CoNLL 2023), as its generator writes it: one JSON
 * object keyed by GQA image id, each {@code {"captions": {"<caption id>": {"caption", "label"
 * (1 matching, 0 hard negative), "type", "bboxes": {"<object id>": {"bbox": {"x", "y", "w", "h"},
 * "name"}}, "replaced": [original, replacement] or null, "cpt_p_id": the positive's caption id
 * or null, ...}}}}. The file for a split is the one {@code DIR/*_<split>.json}; images are
 * {@code DIR/images/<image id>.jpg}. Read image by image with Jackson's streaming parser (one
 * image's entry at a time as a tree).
 *
 * <p>A positive caption's phrases are the names of its boxes' objects found in it (word
 * boundaries, case-insensitive; the plural too), class = its type. A negative with a
 * {@code replaced} pair becomes a contrast of its positive: the original word in the positive
 * caption against the replacement in the negative, held against the positive's boxes.
 */
public final class HncReader {

    public static final String IMAGES = "images";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path imageRoot;
    private final RecordProblems problems;

    private HncReader(Path file, Path imageRoot, RecordProblems problems) {
        this.file = file;
        this.imageRoot = imageRoot;
        this.problems = problems;
    }

    public static GroundingDataset read(Path dir, DatasetSplit split, RecordProblems problems) {
        String layout = "an HNC folder holds one <name>_" + split.cliName() + ".json and images/<image id>.jpg";
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*_" + split.cliName() + ".json")) {
                files.forEach(candidates::add);
            } catch (IOException e) {
                throw new BadInputException(dir, "cannot list: " + e.getMessage(), e);
            }
        }
        if (candidates.size() != 1) {
            throw new BadInputException(dir, (candidates.isEmpty() ? "no" : candidates.size())
                    + " files match *_" + split.cliName() + ".json (" + layout + ")");
        }
        if (!Files.isDirectory(dir.resolve(IMAGES))) {
            throw new BadInputException(dir.resolve(IMAGES), "expected image folder is missing (" + layout + ")");
        }
        return new HncReader(candidates.get(0), dir.resolve(IMAGES), problems).read();
    }

    private GroundingDataset read() {
        List<GroundedImage> images = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); JsonParser parser = new JsonFactory(JSON).createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(file, "the top level must be an object keyed by image id");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String imageId = parser.currentName();
                parser.nextToken();
                JsonNode entry = parser.readValueAsTree();
                try {
                    images.add(image(imageId, entry));
                } catch (BadInputException problem) {
                    problems.report(problem);
                }
            }
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " "), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        return new GroundingDataset(DatasetKind.HNC, images, problems);
    }

    private record Entry(String id, String caption, boolean positive, String type, List<BoundingBox> boxes,
                         List<String> names, String original, String replacement, String positiveId) {
    }

    private GroundedImage image(String imageId, JsonNode entry) {
        if (!imageId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new BadInputException(file, "image '" + imageId + "': not a plain image id");
        }
        Path imageFile = imageRoot.resolve(imageId + ".jpg");
        if (!Files.isRegularFile(imageFile)) {
            throw new BadInputException(file, "image '" + imageId + "': " + imageFile + " is missing");
        }
        ImageSize size = ImageSize.of(imageFile);
        JsonNode captions = entry.path("captions");
        if (!captions.isObject()) {
            throw new BadInputException(file, "image '" + imageId + "': needs a 'captions' object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = captions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String where = "image '" + imageId + "' caption '" + field.getKey() + "'";
            try {
                entries.put(field.getKey(), entry(field.getKey(), field.getValue(), where, size));
            } catch (BadInputException problem) {
                problems.report(problem);
            }
        }
        Map<String, List<PhraseContrast>> contrasts = new LinkedHashMap<>();
        for (Entry negative : entries.values()) {
            if (negative.positive() || negative.original() == null) {
                continue;
            }
            Entry positive = entries.get(negative.positiveId());
            if (positive == null || !positive.positive()) {
                problems.report(file, "image '" + imageId + "' caption '" + negative.id() + "'",
                        "'cpt_p_id' " + negative.positiveId() + " is not a positive caption of this image");
                continue;
            }
            TextSpan from = find(positive.caption(), negative.original());
            TextSpan to = find(negative.caption(), negative.replacement());
            if (from != null && to != null) {
                contrasts.computeIfAbsent(positive.id(), key -> new ArrayList<>()).add(new PhraseContrast(negative.type(),
                        from, negative.caption(), to, positive.boxes()));
            }
        }
        List<GroundedCaption> grounded = new ArrayList<>();
        for (Entry positive : entries.values()) {
            if (!positive.positive()) {
                continue;
            }
            List<GroundedPhrase> phrases = new ArrayList<>();
            for (int b = 0; b < positive.boxes().size(); b++) {
                TextSpan span = find(positive.caption(), positive.names().get(b));
                if (span == null) {
                    span = find(positive.caption(), CocoPhrases.plural(positive.names().get(b)));
                }
                if (span != null) {
                    phrases.add(new GroundedPhrase(span, positive.type(), List.of(positive.boxes().get(b))));
                }
            }
            grounded.add(new GroundedCaption(positive.id(), positive.caption(), phrases,
                    contrasts.getOrDefault(positive.id(), List.of())));
        }
        return new GroundedImage(imageId, imageFile, size.width(), size.height(), grounded);
    }

    private Entry entry(String id, JsonNode node, String where, ImageSize size) {
        if (id.isEmpty()) {
            throw new BadInputException(file, where + ": a caption id must not be empty");
        }
        String caption = string(node, "caption", where);
        JsonNode label = node.path("label");
        if (!label.isInt() || label.intValue() < 0 || label.intValue() > 1) {
            throw new BadInputException(file, where + ": 'label' must be 0 or 1");
        }
        String type = string(node, "type", where);
        JsonNode bboxes = node.path("bboxes");
        if (!bboxes.isObject() || bboxes.isEmpty()) {
            throw new BadInputException(file, where + ": 'bboxes' must be a non-empty object");
        }
        List<BoundingBox> boxes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = bboxes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> object = it.next();
            String at = where + " bboxes '" + object.getKey() + "'";
            JsonNode box = object.getValue().path("bbox");
            double[] xywh = new double[4];
            String[] keys = {"x", "y", "w", "h"};
            for (int k = 0; k < 4; k++) {
                JsonNode value = box.path(keys[k]);
                if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0) {
                    throw new BadInputException(file, at + ": 'bbox' needs numbers x, y, w, h >= 0");
                }
                xywh[k] = value.doubleValue();
            }
            BoundingBox parsed = new BoundingBox(xywh[0], xywh[1], xywh[2], xywh[3]);
            if (!parsed.insideImage(size.width(), size.height(), CocoReader.BOX_SLACK_PIXELS) || parsed.area() == 0) {
                throw new BadInputException(file, at + ": bbox [" + xywh[0] + ", " + xywh[1] + ", " + xywh[2] + ", " + xywh[3]
                        + "] is empty or lies outside the " + size.width() + "x" + size.height() + " image");
            }
            boxes.add(parsed);
            names.add(string(object.getValue(), "name", at));
        }
        String original = null;
        String replacement = null;
        JsonNode replaced = node.path("replaced");
        if (replaced.isArray() && replaced.size() == 2 && replaced.get(0).isTextual() && replaced.get(1).isTextual()) {
            original = replaced.get(0).textValue();
            replacement = replaced.get(1).textValue();
        } else if (!replaced.isMissingNode() && !replaced.isNull()) {
            throw new BadInputException(file, where + ": 'replaced' must be [original, replacement] or null");
        }
        JsonNode positiveId = node.path("cpt_p_id");
        boolean positive = label.intValue() == 1;
        if (!positive && !(positiveId.isIntegralNumber() || positiveId.isTextual())) {
            throw new BadInputException(file, where + ": a negative caption needs the id of its positive in 'cpt_p_id'");
        }
        return new Entry(id, caption, positive, type, boxes, names, original, replacement,
                positive ? null : positiveId.asText());
    }

    private String string(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > CocoFileParser.MAX_TEXT_CHARS) {
            throw new BadInputException(file, where + ": '" + field + "' must be a non-empty string");
        }
        return value.textValue();
    }

    /** The first occurrence of {@code words} in {@code text} on word boundaries, case-insensitive, or null. */
    static TextSpan find(String text, String words) {
        if (words == null || words.isBlank()) {
            return null;
        }
        Matcher matcher = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(words.strip()) + "(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
        return matcher.find() ? new TextSpan(matcher.start(), matcher.end()) : null;
    }
}
