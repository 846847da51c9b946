/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.duet.BadInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * COCO-format data sets as grounding data sets. Real COCO 2017 ({@code annotations/captions_val2017.json},
 * {@code annotations/instances_val2017.json}, images in {@code val2017/}; for the training split
 * the same files of {@code train2017}): a caption's phrases are the category names
 * {@link CocoPhrases} finds in it, each with the boxes of every instance of that category in the
 * image; a caption naming no category of its image has no phrase. With Karpathy's
 * {@code dataset_coco.json} beside {@code annotations/}, only the images of its split (by
 * {@code cocoid}) are kept; its training split is its {@code train} and {@code restval} images,
 * so that no image of its {@code val} or {@code test} split is ever trained on. Duet's synthetic worlds ({@code captions.json},
 * {@code instances.json}, {@code images/}) carry their phrases as spans (Duet's extension) and
 * their hard negatives become contrasts.
 */
public final class CocoGroundingReader {

    public static final String KARPATHY_FILE = "dataset_coco.json";

    private CocoGroundingReader() {
    }

    public static GroundingDataset readCoco(Path dir, DatasetSplit split, RecordProblems problems) {
        String folder = cocoFolder(split);
        CocoFiles files = CocoFiles.cocoLayout(dir, folder);
        String layout = "a COCO 2017 folder holds annotations/captions_" + folder + ".json, annotations/instances_"
                + folder + ".json and " + folder + "/";
        requireLayout(files, layout);
        Path karpathy = dir.resolve(KARPATHY_FILE);
        Set<Long> selected = null;
        if (Files.isRegularFile(karpathy)) {
            selected = karpathySplit(karpathy, split);
        } else if (split == DatasetSplit.TEST) {
            throw new BadInputException(karpathy, "COCO 2017 has no annotated test images; --split "
                    + split.cliName() + " needs Karpathy's split file here");
        }
        CocoDataset dataset = new CocoReader(CocoReadOptions.defaults(), problems).read(files);
        CocoPhrases phrases = new CocoPhrases(dataset.categories());
        List<GroundedImage> images = new ArrayList<>();
        for (CocoImage image : dataset.images()) {
            if (selected != null && !selected.contains(image.id())) {
                continue;
            }
            List<GroundedCaption> captions = new ArrayList<>();
            for (CocoCaption caption : dataset.captionsOf(image.id())) {
                List<GroundedPhrase> found = new ArrayList<>();
                for (CocoPhrases.Match match : phrases.find(caption.caption())) {
                    List<BoundingBox> boxes = dataset.instancesOf(image.id()).stream()
                            .filter(instance -> instance.categoryId() == match.categoryId())
                            .map(CocoInstance::bbox).toList();
                    if (!boxes.isEmpty()) {
                        found.add(new GroundedPhrase(match.span(), dataset.category(match.categoryId()).orElseThrow().name(), boxes));
                    }
                }
                captions.add(new GroundedCaption(Long.toString(caption.id()), caption.caption(), found, List.of()));
            }
            images.add(new GroundedImage(Long.toString(image.id()), dataset.imagePath(image), image.width(),
                    image.height(), captions));
        }
        return new GroundingDataset(DatasetKind.COCO, images, problems);
    }

    /** COCO 2017's image folder of a split: its test images have no annotations, so Karpathy's test split lies in val2017. */
    static String cocoFolder(DatasetSplit split) {
        return switch (split) {
            case TRAIN -> "train2017";
            case VAL, TEST -> "val2017";
        };
    }

    public static GroundingDataset readSynthetic(Path dir, RecordProblems problems) {
        CocoFiles files = CocoFiles.duetLayout(dir);
        requireLayout(files, "a synthetic world (./duet world) holds captions.json, instances.json and images/");
        CocoDataset dataset = new CocoReader(CocoReadOptions.defaults(), problems).read(files);
        List<GroundedImage> images = new ArrayList<>();
        for (CocoImage image : dataset.images()) {
            List<GroundedCaption> captions = new ArrayList<>();
            for (CocoCaption caption : dataset.captionsOf(image.id())) {
                List<GroundedPhrase> found = spanPhrases(dataset, caption);
                List<PhraseContrast> contrasts = new ArrayList<>();
                for (HardNegative negative : caption.negatives()) {
                    TextSpan positive = new TextSpan(negative.span().start(), negative.span().start() + negative.replaced().length());
                    List<BoundingBox> boxes = found.stream()
                            .filter(phrase -> phrase.span().start() < positive.end() && positive.start() < phrase.span().end())
                            .flatMap(phrase -> phrase.boxes().stream()).distinct().toList();
                    // a relation swap changes no object's phrase: there is no box to hold it against
                    if (!boxes.isEmpty() && positive.fitsIn(caption.caption())) {
                        contrasts.add(new PhraseContrast(negative.swap().jsonName(), positive, negative.caption(),
                                negative.span(), boxes));
                    }
                }
                captions.add(new GroundedCaption(Long.toString(caption.id()), caption.caption(), found, contrasts));
            }
            images.add(new GroundedImage(Long.toString(image.id()), dataset.imagePath(image), image.width(),
                    image.height(), captions));
        }
        return new GroundingDataset(DatasetKind.SYNTHETIC, images, problems);
    }

    /** Duet's spans grouped by span: a plural phrase names several instances; its class is the first one's category. */
    private static List<GroundedPhrase> spanPhrases(CocoDataset dataset, CocoCaption caption) {
        Map<TextSpan, List<CocoInstance>> bySpan = new LinkedHashMap<>();
        for (Grounding grounding : caption.grounding()) {
            bySpan.computeIfAbsent(grounding.span(), span -> new ArrayList<>())
                    .add(dataset.instance(grounding.instanceId()).orElseThrow());
        }
        List<GroundedPhrase> phrases = new ArrayList<>();
        bySpan.forEach((span, instances) -> phrases.add(new GroundedPhrase(span,
                dataset.category(instances.get(0).categoryId()).orElseThrow().name(),
                instances.stream().map(CocoInstance::bbox).toList())));
        phrases.sort(java.util.Comparator.comparingInt(phrase -> phrase.span().start()));
        return phrases;
    }

    private static void requireLayout(CocoFiles files, String layout) {
        for (Path expected : List.of(files.captions(), files.instances())) {
            if (!Files.isRegularFile(expected)) {
                throw new BadInputException(expected, "expected file is missing (" + layout + ")");
            }
        }
        if (!Files.isDirectory(files.imageRoot())) {
            throw new BadInputException(files.imageRoot(), "expected image folder is missing (" + layout + ")");
        }
    }

    /**
     * The {@code cocoid}s of the split's images in Karpathy's file, read entry by entry with
     * Jackson's streaming parser (the file holds every sentence of COCO 2014).
     */
    static Set<Long> karpathySplit(Path file, DatasetSplit split) {
        Set<Long> ids = new HashSet<>();
        try (InputStream in = Files.newInputStream(file); JsonParser parser = new JsonFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException(file, "the top level must be a JSON object");
            }
            boolean sawImages = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("images")) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new BadInputException(file, "'images' must be an array");
                }
                sawImages = true;
                int index = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    Long cocoId = null;
                    String imageSplit = null;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.currentName();
                        JsonToken token = parser.nextToken();
                        if (field.equals("cocoid") && token == JsonToken.VALUE_NUMBER_INT) {
                            cocoId = parser.getLongValue();
                        } else if (field.equals("split") && token == JsonToken.VALUE_STRING) {
                            imageSplit = parser.getText();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    if (cocoId == null || imageSplit == null) {
                        throw new BadInputException(file, "images[" + index + "]: needs an integer 'cocoid' and a string 'split'");
                    }
                    if (imageSplit.equals(split.cliName()) || (split == DatasetSplit.TRAIN && imageSplit.equals("restval"))) {
                        ids.add(cocoId);
                    }
                    index++;
                }
                if (parser.currentToken() != JsonToken.END_ARRAY) {
                    throw new BadInputException(file, "images[" + index + "]: must be an object");
                }
            }
            if (!sawImages) {
                throw new BadInputException(file, "has no 'images' array (Karpathy's split file)");
            }
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage().replaceAll("\\s+", " "), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        return ids;
    }
}
