/**
 * Image-caption data sets in COCO's JSON format ({@code captions_*.json} and
 * {@code instances_*.json}), with Duet's optional grounding extension kept in the same files
 * under keys COCO tools ignore: per caption, which instance each phrase names (a character
 * span) and hard negatives (the caption with one word swapped). The files are untrusted:
 * {@link dev.duet.data.CocoReader} checks sizes, ids, references, boxes, spans and image paths
 * and reports problems as {@link dev.duet.BadInputException}.
 *
 * <p>Depends only on {@code dev.duet} (the exception type) and Jackson's streaming API.
 */
package dev.duet.data;
