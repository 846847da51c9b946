/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Image-caption data sets in COCO's JSON format ({@code captions_*.json} and
 * {@code instances_*.json}), with Duet's optional grounding extension kept in the same files
 * under keys COCO tools ignore: per caption, which instance each phrase names (a character
 * span) and hard negatives (the caption with one word swapped). The files are untrusted:
 * {@link dev.duet.data.CocoReader} checks sizes, ids, references, boxes, spans and image paths
 * and reports problems as {@link dev.duet.BadInputException}.
 *
 * <p>Grounding data sets ({@link dev.duet.data.GroundingDataset}) come from COCO 2017, Flickr30k Entities (XML
 * through the JDK, DTDs refused), HNC and Duet's worlds.
 *
 * <p>Depends only on {@code dev.duet} (the exception type), Jackson and the JDK.
 */
package dev.duet.data;
