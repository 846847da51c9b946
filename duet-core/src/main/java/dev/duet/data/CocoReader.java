/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import dev.duet.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a data set from COCO's JSON files (real COCO or Duet's grounded worlds) and checks it
 * as untrusted input: file sizes, unique ids, every reference (image, category, grounded
 * instance of the same image), boxes inside their image, spans inside their caption, and image
 * files that exist inside the image folder (no {@code ../}, no absolute names, no symbolic links
 * leading out). Every problem is a {@link BadInputException} naming the JSON file; a problem
 * of one record (an image, a category, an annotation) goes to the reader's
 * {@link RecordProblems}, which either throws it or leaves the record out, together with the
 * records that refer to it.
 */
public final class CocoReader {

    /**
     * Slack for boxes that end past the image border: COCO's float boxes may overshoot by
     * rounding (x + width = 640.01 on a 640-pixel image).
     */
    public static final double BOX_SLACK_PIXELS = 1.0;

    private final CocoReadOptions options;
    private final RecordProblems problems;

    /** A reader that stops at the first malformed record. */
    public CocoReader(CocoReadOptions options) {
        this(options, RecordProblems.failing());
    }

    public CocoReader(CocoReadOptions options, RecordProblems problems) {
        this.options = options;
        this.problems = problems;
    }

    public static CocoReader withDefaults() {
        return new CocoReader(CocoReadOptions.defaults());
    }

    /** Reads Duet's layout: {@code dir/captions.json}, {@code dir/instances.json}, {@code dir/images/}. */
    public CocoDataset readDirectory(Path dir) {
        return read(CocoFiles.duetLayout(dir));
    }

    public CocoDataset read(CocoFiles files) {
        CocoFileParser.Contents captions = files.captions() == null ? null
                : CocoFileParser.parse(files.captions(), CocoFileParser.Role.CAPTIONS, options.maxJsonBytes(), problems);
        CocoFileParser.Contents instances = files.instances() == null ? null
                : CocoFileParser.parse(files.instances(), CocoFileParser.Role.INSTANCES, options.maxJsonBytes(), problems);
        Path root = files.imageRoot().toAbsolutePath().normalize();

        Map<Long, CocoImage> images = new LinkedHashMap<>();
        if (captions != null) {
            addImages(files.captions(), captions.images(), images, root);
        }
        if (instances != null) {
            addImages(files.instances(), instances.images(), images, root);
        }
        Map<Long, CocoCategory> categories = new LinkedHashMap<>();
        Map<Long, CocoInstance> instancesById = new LinkedHashMap<>();
        if (instances != null) {
            checkCategories(files.instances(), instances.categories(), categories);
            checkInstances(files.instances(), instances.instances(), images, categories, instancesById);
        }
        List<CocoCaption> captionList = captions == null ? List.of()
                : checkCaptions(files.captions(), captions.captions(), images, instancesById);
        Map<String, String> info = captions != null ? captions.info() : instances.info();
        return new CocoDataset(root, info, List.copyOf(images.values()), List.copyOf(categories.values()),
                List.copyOf(instancesById.values()), captionList);
    }

    /**
     * Adds one file's images; an id listed by both files must describe the same picture.
     * Checks each image path once.
     */
    private void addImages(Path file, List<CocoImage> listed, Map<Long, CocoImage> images, Path root) {
        Set<Long> seenHere = new HashSet<>();
        for (int i = 0; i < listed.size(); i++) {
            CocoImage image = listed.get(i);
            String where = "images[" + i + "] (id " + image.id() + ")";
            if (!seenHere.add(image.id())) {
                problems.report(file, where, "duplicate image id " + image.id());
                continue;
            }
            CocoImage earlier = images.get(image.id());
            if (earlier == null) {
                try {
                    checkImageFile(file, where, image, root);
                    images.put(image.id(), image);
                } catch (BadInputException problem) {
                    problems.report(problem);
                }
            } else if (!earlier.equals(image)) {
                problems.report(file, where, "differs from image " + image.id()
                        + " of the captions file (" + earlier.fileName() + ", " + earlier.width() + "x"
                        + earlier.height() + ")");
            }
        }
    }

    private void checkImageFile(Path file, String where, CocoImage image, Path root) {
        String name = image.fileName();
        Path relative;
        try {
            relative = Path.of(name);
        } catch (InvalidPathException e) {
            throw new BadInputException(file, where + ": file name '" + name + "' is not a valid path");
        }
        Path resolved = root.resolve(relative).normalize();
        if (relative.isAbsolute() || !resolved.startsWith(root) || resolved.equals(root)) {
            throw new BadInputException(file, where + ": file name '" + name + "' leads outside the image folder " + root);
        }
        if (!options.requireImageFiles()) {
            return;
        }
        if (!Files.isRegularFile(resolved)) {
            throw new BadInputException(file, where + ": image file '" + name + "' does not exist in " + root);
        }
        try {
            if (!resolved.toRealPath().startsWith(root.toRealPath())) {
                throw new BadInputException(file, where + ": image file '" + name
                        + "' is a link that leads outside the image folder " + root);
            }
        } catch (IOException e) {
            throw new BadInputException(file, where + ": cannot resolve image file '" + name + "': " + e.getMessage(), e);
        }
        if (!Files.isReadable(resolved)) {
            throw new BadInputException(file, where + ": image file '" + name + "' is not readable");
        }
    }

    private void checkCategories(Path file, List<CocoCategory> listed, Map<Long, CocoCategory> categories) {
        for (int i = 0; i < listed.size(); i++) {
            CocoCategory category = listed.get(i);
            if (categories.putIfAbsent(category.id(), category) != null) {
                problems.report(file, "categories[" + i + "]", "duplicate category id " + category.id());
            }
        }
    }

    private void checkInstances(Path file, List<CocoInstance> listed, Map<Long, CocoImage> images,
                                       Map<Long, CocoCategory> categories, Map<Long, CocoInstance> instancesById) {
        for (int i = 0; i < listed.size(); i++) {
            CocoInstance instance = listed.get(i);
            String where = "annotations[" + i + "] (id " + instance.id() + ")";
            if (instancesById.containsKey(instance.id())) {
                problems.report(file, where, "duplicate annotation id " + instance.id());
                continue;
            }
            CocoImage image = images.get(instance.imageId());
            if (image == null) {
                problems.report(file, where, "refers to image " + instance.imageId() + ", which is not listed");
                continue;
            }
            if (!categories.containsKey(instance.categoryId())) {
                problems.report(file, where, "refers to category " + instance.categoryId() + ", which is not listed");
                continue;
            }
            BoundingBox box = instance.bbox();
            if (!box.insideImage(image.width(), image.height(), BOX_SLACK_PIXELS)) {
                problems.report(file, where, "bbox [" + box.x() + ", " + box.y() + ", " + box.width()
                        + ", " + box.height() + "] lies outside image " + image.id() + " (" + image.width() + "x"
                        + image.height() + ")");
                continue;
            }
            instancesById.put(instance.id(), instance);
        }
    }

    /** The captions that pass, in file order. */
    private List<CocoCaption> checkCaptions(Path file, List<CocoCaption> listed, Map<Long, CocoImage> images,
                                            Map<Long, CocoInstance> instances) {
        Set<Long> ids = new HashSet<>();
        List<CocoCaption> kept = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            CocoCaption caption = listed.get(i);
            String where = "annotations[" + i + "] (id " + caption.id() + ")";
            if (!ids.add(caption.id())) {
                problems.report(file, where, "duplicate annotation id " + caption.id());
                continue;
            }
            if (!images.containsKey(caption.imageId())) {
                problems.report(file, where, "refers to image " + caption.imageId() + ", which is not listed");
                continue;
            }
            if (groundsElsewhere(file, where, caption, instances)) {
                continue;
            }
            kept.add(caption);
        }
        return kept;
    }

    /** Whether a grounding entry names an unknown instance or another image's (reported). */
    private boolean groundsElsewhere(Path file, String where, CocoCaption caption, Map<Long, CocoInstance> instances) {
        List<Grounding> grounding = caption.grounding();
        for (int g = 0; g < grounding.size(); g++) {
            long instanceId = grounding.get(g).instanceId();
            CocoInstance instance = instances.get(instanceId);
            String at = where + "." + CocoFields.GROUNDING + "[" + g + "]";
            if (instance == null) {
                problems.report(file, at, "refers to instance " + instanceId + ", which the instances file does not list");
                return true;
            }
            if (instance.imageId() != caption.imageId()) {
                problems.report(file, at, "instance " + instanceId + " belongs to image " + instance.imageId()
                        + ", not to the caption's image " + caption.imageId());
                return true;
            }
        }
        return false;
    }
}
