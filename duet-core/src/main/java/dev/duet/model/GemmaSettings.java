/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.BadInputException;
import dev.duet.tokenizer.GemmaTokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * SigLIP 2's {@code tokenizer_config.json} ({@code tokenizer_class} {@code GemmaTokenizer} or
 * {@code GemmaTokenizerFast}, as SigLIP 2's published checkpoints name it, or transformers 5's
 * {@code Siglip2Tokenizer}, the same lower-casing first) read into {@link GemmaTokenizer.Options},
 * with transformers' defaults for what it leaves out (the fast classes' {@code padding_side} is
 * left, which Duet refuses: SigLIP 2's files say right). Refused, in one line: settings whose text preparation Duet's
 * encodings cannot hold (no EOS, padding or truncation on the left, added tokens that strip the
 * whitespace beside them) and special tokens other than Gemma's.
 */
final class GemmaSettings {

    private static final String[] CLASSES = {"GemmaTokenizer", "GemmaTokenizerFast", "Siglip2Tokenizer"};
    /** transformers 5's SigLIP 2 tokenizer: Gemma's with a Lowercase normaliser. */
    private static final String LOWER_CASING_CLASS = "Siglip2Tokenizer";
    /** The added tokens a config may list: as many as the largest vocabularies have pieces. */
    private static final int MAX_ADDED_TOKENS = 1 << 18;

    private GemmaSettings() {
    }

    static boolean isGemma(JsonConfig json) {
        return java.util.Arrays.asList(CLASSES).contains(json.text("tokenizer_class", ""));
    }

    static GemmaTokenizer.Options options(JsonConfig json, int contextLength) {
        // GemmaTokenizer's defaults: add_bos_token true, add_eos_token false; SigLIP 2's config sets both
        boolean addBos = json.bool("add_bos_token", true);
        if (!json.bool("add_eos_token", false)) {
            throw bad(json, "add_eos_token is not true: SigLIP's text tower pools its last position, which Duet "
                    + "reads as EOS (SigLIP 2's tokenizer adds it)");
        }
        // AutoTokenizer builds the fast classes, whose padding_side is left unless the file says otherwise
        String padding = json.text("padding_side", "left");
        String truncation = json.text("truncation_side", "right");
        if (!padding.equals("right")) {
            throw bad(json, "padding_side '" + padding + "'" + (json.has("padding_side") ? ""
                    : " (transformers' fast Gemma tokenizers' default)") + ": SigLIP 2 pads on the right");
        }
        if (!truncation.equals("right")) {
            throw bad(json, "truncation_side '" + truncation + "': SigLIP 2 truncates on the right");
        }
        special(json, "bos_token", GemmaTokenizer.BOS);
        special(json, "eos_token", GemmaTokenizer.EOS);
        special(json, "pad_token", GemmaTokenizer.PAD);
        special(json, "unk_token", GemmaTokenizer.UNK);
        boolean lowerCase = json.text("tokenizer_class", "").equals(LOWER_CASING_CLASS);
        return new GemmaTokenizer.Options(addBos, lowerCase, contextLength, addedTokens(json));
    }

    /** A special token named as a string or as an AddedToken object must be Gemma's own. */
    private static void special(JsonConfig json, String key, String gemma) {
        JsonNode value = json.node().get(key);
        if (value == null || value.isNull()) {
            return;
        }
        JsonNode content = value.isObject() ? value.get("content") : value;
        if (content == null || !content.isTextual() || !content.asText().equals(gemma)) {
            throw bad(json, key + " " + value + " is not Gemma's '" + gemma + "'");
        }
    }

    /** {@code added_tokens_decoder}: id (a decimal key) to {content, lstrip, rstrip, ...}. */
    private static Map<String, Integer> addedTokens(JsonConfig json) {
        JsonNode decoder = json.node().get("added_tokens_decoder");
        Map<String, Integer> out = new HashMap<>();
        if (decoder == null || decoder.isNull()) {
            return out;
        }
        if (!decoder.isObject() || decoder.size() > MAX_ADDED_TOKENS) {
            throw bad(json, "added_tokens_decoder must be an object of at most " + MAX_ADDED_TOKENS + " tokens");
        }
        for (Map.Entry<String, JsonNode> e : decoder.properties()) {
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw bad(json, "added_tokens_decoder key '" + e.getKey() + "' is not an id");
            }
            JsonNode token = e.getValue();
            JsonNode content = token.get("content");
            if (id < 0 || content == null || !content.isTextual() || content.asText().isEmpty()) {
                throw bad(json, "added_tokens_decoder entry " + e.getKey() + " has no id or content");
            }
            for (String strip : new String[] {"lstrip", "rstrip", "single_word"}) {
                if (token.path(strip).asBoolean(false)) {
                    throw bad(json, "added token '" + content.asText() + "' has " + strip
                            + " (Gemma's added tokens keep the text beside them)");
                }
            }
            if (out.put(content.asText(), id) != null) {
                throw bad(json, "added token '" + content.asText() + "' is listed twice");
            }
        }
        return out;
    }

    private static BadInputException bad(JsonConfig json, String message) {
        return new BadInputException(json.file(), message);
    }
}
