/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.JsonFormat;
import dev.duet.explain.ExplanationJson;
import dev.duet.explain.Explanation;
import dev.duet.tokenizer.Encoding;

import java.nio.file.Path;
import java.util.List;

/**
 * The JSON of a search ({@link JsonFormat#SEARCH}). Scripts depend on {@code results}, each with
 * {@code file}, {@code similarity}, {@code tokens}, {@code grid} and, when explained,
 * {@code interactions} (tokens BOS..EOS x (CLS + patches, row-major)) and {@code completeness};
 * and on {@code seconds}.
 */
public final class SearchJson {

    private SearchJson() {
    }

    /**
     * @param explanations one per hit, in the hits' order, or empty when the search was not explained
     * @param seconds      the search's time (and its explanations'), without loading the model and the index
     */
    public static ObjectNode of(String query, Path index, DuetIndex.Results results, List<Explanation> explanations,
                                StoreSettings settings, double seconds) {
        if (!explanations.isEmpty() && explanations.size() != results.hits().size()) {
            throw new IllegalArgumentException(explanations.size() + " explanations for " + results.hits().size() + " hits");
        }
        ObjectNode root = JsonFormat.SEARCH.newDocument();
        root.put("query", query);
        root.put("index", index.toString());
        ArrayNode list = root.putArray("results");
        for (int i = 0; i < results.hits().size(); i++) {
            SearchHit hit = results.hits().get(i);
            ObjectNode result = list.addObject();
            result.put("rank", hit.rank());
            result.put("file", hit.file().toString());
            result.put("key", hit.key());
            result.put("similarity", hit.similarity());
            result.set("tokens", ExplanationJson.tokens(results.query()));
            result.putArray("grid").add(settings.gridRows()).add(settings.gridCols());
            if (!explanations.isEmpty()) {
                explained(result, explanations.get(i), results.query());
            }
        }
        ObjectNode stored = root.putObject("settings");
        stored.setAll(settings.toJson());
        if (!explanations.isEmpty()) {
            stored.put("text_layer", explanations.getFirst().options().textLayer());
        }
        root.put("seconds", seconds);
        return root;
    }

    private static void explained(ObjectNode result, Explanation explanation, Encoding query) {
        ArrayNode rows = result.putArray("interactions");
        for (int token = 0; token < explanation.tokens(); token++) {
            ArrayNode row = rows.addArray();
            for (int column = 0; column < explanation.columns(); column++) {
                row.add(explanation.at(token, column));
            }
        }
        ObjectNode complete = ExplanationJson.completeness(explanation, query);
        complete.put("text_nodes", explanation.text().nodes());
        complete.put("image_nodes", explanation.image().nodes());
        result.set("completeness", complete);
    }
}
