/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a data set as COCO's two files: the captions file (info, images, caption annotations
 * with Duet's grounding and negatives) and the instances file (info, images, instance
 * annotations, categories). Both list all images, as COCO's own files do. Output is compact,
 * in list order, so equal data sets give identical bytes. Each file is written beside its
 * final name and moved into place, so a reader never sees half a file.
 */
public final class CocoWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private CocoWriter() {
    }

    /** Writes {@code dir/captions.json} and {@code dir/instances.json} (Duet's layout). */
    public static void writeDirectory(CocoDataset dataset, Path dir) throws IOException {
        CocoFiles files = CocoFiles.duetLayout(dir);
        write(dataset, files.captions(), files.instances());
    }

    public static void write(CocoDataset dataset, Path captionsJson, Path instancesJson) throws IOException {
        writeAtomically(captionsJson, generator -> writeCaptionsFile(dataset, generator));
        writeAtomically(instancesJson, generator -> writeInstancesFile(dataset, generator));
    }

    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private static void writeAtomically(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try (JsonGenerator generator = FACTORY.createGenerator(partial.toFile(), JsonEncoding.UTF8)) {
            body.write(generator);
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeCaptionsFile(CocoDataset dataset, JsonGenerator out) throws IOException {
        out.writeStartObject();
        writeHeader(dataset, out);
        out.writeArrayFieldStart(CocoFields.ANNOTATIONS);
        for (CocoCaption caption : dataset.captions()) {
            writeCaption(caption, out);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void writeInstancesFile(CocoDataset dataset, JsonGenerator out) throws IOException {
        out.writeStartObject();
        writeHeader(dataset, out);
        out.writeArrayFieldStart(CocoFields.ANNOTATIONS);
        for (CocoInstance instance : dataset.instances()) {
            writeInstance(instance, out);
        }
        out.writeEndArray();
        out.writeArrayFieldStart(CocoFields.CATEGORIES);
        for (CocoCategory category : dataset.categories()) {
            out.writeStartObject();
            out.writeStringField(CocoFields.SUPERCATEGORY, category.supercategory());
            out.writeNumberField(CocoFields.ID, category.id());
            out.writeStringField(CocoFields.NAME, category.name());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void writeHeader(CocoDataset dataset, JsonGenerator out) throws IOException {
        out.writeObjectFieldStart(CocoFields.INFO);
        for (Map.Entry<String, String> entry : dataset.info().entrySet()) {
            out.writeStringField(entry.getKey(), entry.getValue());
        }
        out.writeEndObject();
        out.writeArrayFieldStart(CocoFields.IMAGES);
        for (CocoImage image : dataset.images()) {
            out.writeStartObject();
            out.writeNumberField(CocoFields.ID, image.id());
            out.writeStringField(CocoFields.FILE_NAME, image.fileName());
            out.writeNumberField(CocoFields.WIDTH, image.width());
            out.writeNumberField(CocoFields.HEIGHT, image.height());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static void writeCaption(CocoCaption caption, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField(CocoFields.IMAGE_ID, caption.imageId());
        out.writeNumberField(CocoFields.ID, caption.id());
        out.writeStringField(CocoFields.CAPTION, caption.caption());
        if (!caption.grounding().isEmpty()) {
            out.writeArrayFieldStart(CocoFields.GROUNDING);
            for (Grounding grounding : caption.grounding()) {
                out.writeStartObject();
                out.writeNumberField(CocoFields.INSTANCE_ID, grounding.instanceId());
                writeSpan(grounding.span(), out);
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        if (!caption.negatives().isEmpty()) {
            out.writeArrayFieldStart(CocoFields.NEGATIVES);
            for (HardNegative negative : caption.negatives()) {
                out.writeStartObject();
                out.writeStringField(CocoFields.CAPTION, negative.caption());
                out.writeStringField(CocoFields.SWAP, negative.swap().jsonName());
                writeSpan(negative.span(), out);
                out.writeStringField(CocoFields.REPLACED, negative.replaced());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        out.writeEndObject();
    }

    private static void writeInstance(CocoInstance instance, JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField(CocoFields.AREA, instance.area());
        out.writeNumberField(CocoFields.ISCROWD, instance.crowd() ? 1 : 0);
        out.writeNumberField(CocoFields.IMAGE_ID, instance.imageId());
        BoundingBox box = instance.bbox();
        out.writeArrayFieldStart(CocoFields.BBOX);
        out.writeNumber(box.x());
        out.writeNumber(box.y());
        out.writeNumber(box.width());
        out.writeNumber(box.height());
        out.writeEndArray();
        out.writeNumberField(CocoFields.CATEGORY_ID, instance.categoryId());
        out.writeNumberField(CocoFields.ID, instance.id());
        if (!instance.attributes().isEmpty()) {
            out.writeObjectFieldStart(CocoFields.ATTRIBUTES);
            for (Map.Entry<String, String> entry : new TreeMap<>(instance.attributes()).entrySet()) {
                out.writeStringField(entry.getKey(), entry.getValue());
            }
            out.writeEndObject();
        }
        out.writeEndObject();
    }

    private static void writeSpan(TextSpan span, JsonGenerator out) throws IOException {
        out.writeArrayFieldStart(CocoFields.SPAN);
        out.writeNumber(span.start());
        out.writeNumber(span.end());
        out.writeEndArray();
    }
}
