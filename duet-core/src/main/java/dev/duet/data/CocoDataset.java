/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable data set: images, object categories, object instances and captions, with
 * lookups by id. Built by {@link CocoReader} (which checks every reference) or by a producer
 * such as Duet's synthetic world; the constructor only rejects duplicate ids.
 */
public final class CocoDataset {

    private final Path imageRoot;
    private final Map<String, String> info;
    private final List<CocoImage> images;
    private final List<CocoCategory> categories;
    private final List<CocoInstance> instances;
    private final List<CocoCaption> captions;

    private final Map<Long, CocoImage> imagesById;
    private final Map<Long, CocoCategory> categoriesById;
    private final Map<Long, CocoInstance> instancesById;
    private final Map<Long, List<CocoInstance>> instancesByImage;
    private final Map<Long, List<CocoCaption>> captionsByImage;

    /** {@code info} is COCO's free-form header (scalar values as text), kept for provenance. */
    public CocoDataset(Path imageRoot, Map<String, String> info, List<CocoImage> images,
                       List<CocoCategory> categories, List<CocoInstance> instances, List<CocoCaption> captions) {
        this.imageRoot = imageRoot.toAbsolutePath().normalize();
        this.info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
        this.images = List.copyOf(images);
        this.categories = List.copyOf(categories);
        this.instances = List.copyOf(instances);
        this.captions = List.copyOf(captions);
        this.imagesById = indexUnique(this.images, CocoImage::id, "image");
        this.categoriesById = indexUnique(this.categories, CocoCategory::id, "category");
        this.instancesById = indexUnique(this.instances, CocoInstance::id, "instance");
        indexUnique(this.captions, CocoCaption::id, "caption");
        this.instancesByImage = group(this.instances, CocoInstance::imageId);
        this.captionsByImage = group(this.captions, CocoCaption::imageId);
    }

    private interface IdOf<T> {
        long id(T item);
    }

    private static <T> Map<Long, T> indexUnique(List<T> items, IdOf<T> idOf, String what) {
        Map<Long, T> byId = new HashMap<>();
        for (T item : items) {
            if (byId.putIfAbsent(idOf.id(item), item) != null) {
                throw new IllegalArgumentException("duplicate " + what + " id " + idOf.id(item));
            }
        }
        return byId;
    }

    private static <T> Map<Long, List<T>> group(List<T> items, IdOf<T> keyOf) {
        Map<Long, List<T>> groups = new HashMap<>();
        for (T item : items) {
            groups.computeIfAbsent(keyOf.id(item), key -> new ArrayList<>()).add(item);
        }
        groups.replaceAll((key, list) -> List.copyOf(list));
        return groups;
    }

    /** The folder that image file names are relative to (absolute, normalised). */
    public Path imageRoot() {
        return imageRoot;
    }

    public Map<String, String> info() {
        return info;
    }

    public List<CocoImage> images() {
        return images;
    }

    public List<CocoCategory> categories() {
        return categories;
    }

    public List<CocoInstance> instances() {
        return instances;
    }

    public List<CocoCaption> captions() {
        return captions;
    }

    public Optional<CocoImage> image(long id) {
        return Optional.ofNullable(imagesById.get(id));
    }

    public Optional<CocoCategory> category(long id) {
        return Optional.ofNullable(categoriesById.get(id));
    }

    public Optional<CocoInstance> instance(long id) {
        return Optional.ofNullable(instancesById.get(id));
    }

    /** The instances of one image, in file order; empty when it has none. */
    public List<CocoInstance> instancesOf(long imageId) {
        return instancesByImage.getOrDefault(imageId, List.of());
    }

    /** The captions of one image, in file order; empty when it has none. */
    public List<CocoCaption> captionsOf(long imageId) {
        return captionsByImage.getOrDefault(imageId, List.of());
    }

    public Path imagePath(CocoImage image) {
        return imageRoot.resolve(image.fileName());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CocoDataset that
                && imageRoot.equals(that.imageRoot)
                && info.equals(that.info)
                && images.equals(that.images)
                && categories.equals(that.categories)
                && instances.equals(that.instances)
                && captions.equals(that.captions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageRoot, info, images, categories, instances, captions);
    }

    @Override
    public String toString() {
        return "CocoDataset[" + imageRoot + ": " + images.size() + " images, " + categories.size()
                + " categories, " + instances.size() + " instances, " + captions.size() + " captions]";
    }
}
