/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.Spelling;
import dev.duet.explain.Completeness;
import dev.duet.explain.Explanation;
import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.model.Score;
import dev.duet.report.Selections;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.Token;
import java.util.List;

/** The JSON the page reads: an explanation, a span's map, a box's token scores. */
final class ExplanationView {

    private ExplanationView() {
    }

    static ObjectNode of(Explained explained, boolean cached) {
        Selections selections = explained.selections();
        Explanation a = selections.explanation();
        ObjectNode root = Exchanges.JSON.createObjectNode();
        root.put("id", explained.id());
        root.put("caption", explained.caption().text());
        root.put("cached", cached);
        root.put("seconds", cached ? 0 : explained.seconds());
        root.putObject("image").put("id", explained.image().id()).put("name", explained.image().name())
                .put("width", explained.image().width()).put("height", explained.image().height())
                .put("preprocessing", explained.image().preprocessed().pipeline().cliName());
        root.set("geometry", geometry(selections.regions()));
        ArrayNode tokens = root.putArray("tokens");
        List<Token> list = explained.caption().tokens();
        for (int t = 0; t < list.size(); t++) {
            Token token = list.get(t);
            tokens.addObject().put("index", t).put("piece", token.piece()).put("start", token.start())
                    .put("end", token.end()).put("kind", Spelling.of(explained.caption().role(t)));
        }
        ArrayNode words = root.putArray("words");
        for (CaptionSpan word : selections.words().words()) {
            words.add(span(word));
        }
        root.put("similarity", a.similarity());
        if (a.score() instanceof Score.Sigmoid sigmoid) {
            root.put("probability", sigmoid.probability(a.similarity()));
        }
        Completeness c = a.completeness();
        root.putObject("completeness").put("textImage", c.textImage()).put("textReferenceImage", c.textReferenceImage())
                .put("referenceTextImage", c.referenceTextImage())
                .put("referenceTextReferenceImage", c.referenceTextReferenceImage()).put("target", c.target())
                .put("sum", c.sum()).put("error", c.error());
        ObjectNode shares = root.putObject("shares");
        if (a.classColumn()) {
            shares.put("cls", c.clsShare());
        }
        selections.specialShares().forEach((role, share) -> shares.put(Spelling.of(role), share));
        ExplainRequest request = explained.request();
        root.putObject("settings").put("textLayer", request.textLayer()).put("imageLayer", request.imageLayer())
                .put("normalization", Spelling.of(request.normalization()))
                .put("quadrature", Spelling.of(request.quadrature())).put("steps", request.steps())
                .put("textNodes", a.text().nodes()).put("imageNodes", a.image().nodes());
        CaptionSpan whole = selections.words().whole();
        root.set("whole", map(selections, whole));
        floats(root.putArray("tokenTotals"), selections.tokenTotals());
        root.put("clsTotal", selections.clsTotal());
        return root;
    }

    static ObjectNode map(Selections selections, CaptionSpan span) {
        ObjectNode node = span(span);
        floats(node.putArray("map"), selections.map(span));
        return node;
    }

    static ObjectNode box(Selections selections, PatchRegions.Rect box) {
        ObjectNode node = Exchanges.JSON.createObjectNode();
        node.putArray("box").add(box.left()).add(box.top()).add(box.right()).add(box.bottom());
        float[] weights = selections.patchWeights(box);
        double covered = 0;
        for (float weight : weights) {
            covered += weight;
        }
        node.put("patchesCovered", covered);
        floats(node.putArray("weights"), weights);
        floats(node.putArray("scores"), selections.boxScores(box));
        return node;
    }

    private static ObjectNode span(CaptionSpan span) {
        return Exchanges.JSON.createObjectNode().put("label", span.label()).put("start", span.start())
                .put("end", span.end()).put("from", span.fromToken()).put("to", span.toToken());
    }

    private static ObjectNode geometry(PatchRegions regions) {
        CropGeometry crop = regions.crop();
        return Exchanges.JSON.createObjectNode().put("originalWidth", crop.originalWidth())
                .put("originalHeight", crop.originalHeight()).put("resizedWidth", crop.resizedWidth())
                .put("resizedHeight", crop.resizedHeight()).put("cropX", crop.cropX()).put("cropY", crop.cropY())
                .put("cropWidth", crop.cropWidth()).put("cropHeight", crop.cropHeight()).put("rows", regions.rows())
                .put("cols", regions.cols()).put("patchSize", regions.patchSize());
    }

    private static void floats(ArrayNode array, float[] values) {
        for (float value : values) {
            array.add(value);
        }
    }
}
