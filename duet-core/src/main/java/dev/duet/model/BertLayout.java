/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.layer.BertEmbedding;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.TokenEmbedding;
import dev.duet.model.safetensors.TensorSource;
import dev.duet.tokenizer.WordPieceTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of a sentence-transformers BERT checkpoint, the one class that knows their names:
 * {@code config.json} (model_type bert), {@code model.safetensors} with transformers'
 * {@code BertModel} key names (bare, as sentence-transformers saves its module 0, or under
 * {@code bert.}), {@code vocab.txt} and {@code tokenizer_config.json}, {@code modules.json}
 * (Transformer, Pooling, optionally Normalize, in that order), the pooling module's
 * {@code config.json} and {@code sentence_bert_config.json}'s {@code max_seq_length} (else
 * {@code tokenizer_config.json}'s {@code model_max_length}, bounded by the positions).
 */
final class BertLayout {

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    static final String VOCABULARY = "vocab.txt";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final String MODULES = "modules.json";
    static final String SENTENCE_CONFIG = "sentence_bert_config.json";
    private static final String PICKLE_CONVERSION = "from transformers import BertModel; "
            + "BertModel.from_pretrained('%1$s').save_pretrained('%1$s', safe_serialization=True)";

    private static final String TRANSFORMER = "sentence_transformers.models.Transformer";
    private static final String POOLING = "sentence_transformers.models.Pooling";
    private static final String NORMALIZE = "sentence_transformers.models.Normalize";
    private static final List<String> TOKENIZER_CLASSES = List.of("BertTokenizer", "BertTokenizerFast");

    /** BertLayer's tensors relative to {@code encoder.layer.N.}. */
    private static final BlockKeys BLOCK_KEYS = new BlockKeys("attention.output.LayerNorm", "output.LayerNorm",
            List.of("attention.self.query", "attention.self.key", "attention.self.value"), "attention.output.dense",
            "intermediate.dense", "output.dense");

    private BertLayout() {
    }

    /** Whether a parsed {@code config.json} is a BERT model's. */
    static boolean isBert(JsonConfig config) {
        return "bert".equals(config.text("model_type", ""));
    }

    static BertConfig readConfig(Path file) {
        JsonConfig json = CheckpointFiles.readJson(file);
        String type = json.text("model_type", "");
        if (!isBert(json)) {
            throw new BadInputException(file, "model_type '" + type + "' is not bert");
        }
        return bertConfig(json, 0);
    }

    /**
     * A BERT tower's shape from its config object (a BERT {@code config.json}, or ALIGN's
     * {@code text_config}), transformers' {@code BertConfig} defaults for absent keys;
     * {@code vocab_size} is required when {@code defaultVocabulary} is 0.
     */
    static BertConfig bertConfig(JsonConfig json, int defaultVocabulary) {
        String positions = json.text("position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw new BadInputException(json.file(), "position_embedding_type '" + positions
                    + "' is not supported (absolute)");
        }
        try {
            int vocabulary = defaultVocabulary == 0 ? json.requiredInteger("vocab_size")
                    : json.integer("vocab_size", defaultVocabulary);
            return new BertConfig(vocabulary, json.integer("hidden_size", 768),
                    json.integer("num_hidden_layers", 12), json.integer("num_attention_heads", 12),
                    json.integer("intermediate_size", 3072), json.integer("max_position_embeddings", 512),
                    json.integer("type_vocab_size", 2), json.activation("hidden_act", "gelu"),
                    json.number("layer_norm_eps", 1e-12f));
        } catch (IllegalArgumentException e) {
            throw CheckpointFiles.configProblem(json.file(), e);
        }
    }

    /** The tower's weights, shapes checked against {@code config}. */
    static BertTextEncoder readTower(Path directory, BertConfig config) {
        try (TensorSource file = CheckpointFiles.openWeights(directory, WEIGHTS, HuggingFaceLayout.PICKLED_WEIGHTS,
                PICKLE_CONVERSION)) {
            String prefix = file.contains("embeddings.word_embeddings.weight") ? ""
                    : file.contains("bert.embeddings.word_embeddings.weight") ? "bert." : null;
            if (prefix == null) {
                throw new BadInputException(file.path(), "holds no 'embeddings.word_embeddings.weight' (nor under "
                        + "'bert.'): not a BertModel's weights");
            }
            return readTower(new WeightReader(file), prefix, config);
        }
    }

    /** The tower's tensors under {@code prefix} ("", "bert." or ALIGN's "text_model."), shapes checked against {@code config}. */
    static BertTextEncoder readTower(WeightReader reader, String prefix, BertConfig config) {
        int d = config.width();
        String e = prefix + "embeddings.";
        TokenEmbedding tokens = new TokenEmbedding(reader.read(e + "word_embeddings.weight", config.vocabSize(), d),
                reader.read(e + "position_embeddings.weight", config.positions(), d), config.vocabSize(),
                config.positions(), d);
        BertEmbedding embedding = new BertEmbedding(tokens, reader.read(e + "token_type_embeddings.weight",
                config.tokenTypes(), d), reader.read(e + "LayerNorm.weight", d), reader.read(e + "LayerNorm.bias", d),
                config.layerNormEps());
        List<BlockWeights> blocks = BLOCK_KEYS.read(reader, prefix + "encoder.layer.", config.layers(), d,
                config.intermediate());
        return BertTextEncoder.of(config, embedding, blocks);
    }

    /**
     * The WordPiece tokenizer of {@code vocab.txt} with {@code tokenizer_config.json}'s settings
     * (transformers' defaults when it is absent), cut to {@code contextLength}.
     */
    static WordPieceTokenizer readTokenizer(Path directory, int contextLength, BertConfig config) {
        boolean lowerCase = true;
        Boolean stripAccents = null;
        boolean chineseChars = true;
        Path settings = directory.resolve(TOKENIZER_CONFIG);
        if (Files.exists(settings)) {
            JsonConfig json = CheckpointFiles.readJson(settings);
            String type = json.text("tokenizer_class", "BertTokenizer");
            if (!TOKENIZER_CLASSES.contains(type)) {
                throw new BadInputException(settings, "tokenizer_class '" + type + "': Duet tokenizes BERT text as "
                        + "transformers' BertTokenizer does");
            }
            for (String[] special : new String[][] {{"unk_token", "[UNK]"}, {"cls_token", "[CLS]"},
                    {"sep_token", "[SEP]"}, {"pad_token", "[PAD]"}, {"mask_token", "[MASK]"}}) {
                String value = json.text(special[0], special[1]);
                if (!value.equals(special[1])) {
                    throw new BadInputException(settings, special[0] + " '" + value + "' is not supported (" + special[1] + ")");
                }
            }
            if (!json.bool("do_basic_tokenize", true)) {
                throw new BadInputException(settings, "do_basic_tokenize false (WordPiece on whitespace-split text) is "
                        + "not supported");
            }
            lowerCase = json.bool("do_lower_case", true);
            stripAccents = json.has("strip_accents") ? json.bool("strip_accents", lowerCase) : null;
            chineseChars = json.bool("tokenize_chinese_chars", true);
        }
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(directory.resolve(VOCABULARY), new WordPieceTokenizer.Options(
                lowerCase, stripAccents == null ? lowerCase : stripAccents, chineseChars, contextLength));
        if (tokenizer.vocabularySize() > config.vocabSize()) {
            throw new BadInputException(directory.resolve(VOCABULARY), "has " + tokenizer.vocabularySize()
                    + " pieces, more than config.json's vocab_size " + config.vocabSize());
        }
        return tokenizer;
    }

    /** What sentence-transformers stacks on the tower: its pooling and whether it normalises. */
    record Modules(SentencePooling pooling, boolean normalize, int maxSeqLength) {
    }

    /**
     * {@code modules.json}: the Transformer (path ""), the Pooling module (its {@code config.json}:
     * exactly one of mean and CLS pooling, of the tower's width), optionally Normalize; any other
     * module is refused by name. The sequence length is {@code sentence_bert_config.json}'s
     * {@code max_seq_length} (else the positions), at most the positions.
     */
    static Modules readModules(Path directory, BertConfig config) {
        Path file = directory.resolve(MODULES);
        List<JsonConfig> modules = CheckpointFiles.readJsonList(file, 16);
        if (modules.size() < 2 || !modules.get(0).text("type", "").equals(TRANSFORMER)
                || !modules.get(0).text("path", "").isEmpty()) {
            throw new BadInputException(file, "must list the Transformer module (path \"\") first, then Pooling");
        }
        JsonConfig poolingModule = modules.get(1);
        if (!poolingModule.text("type", "").equals(POOLING)) {
            throw new BadInputException(file, "module 1 is '" + poolingModule.text("type", "") + "', not " + POOLING);
        }
        boolean normalize = false;
        for (JsonConfig module : modules.subList(2, modules.size())) {
            String type = module.text("type", "");
            if (!type.equals(NORMALIZE) || normalize) {
                throw new BadInputException(file, "module '" + type + "' is not supported (after Pooling, only one "
                        + NORMALIZE + ")");
            }
            normalize = true;
        }
        String poolingPath = poolingModule.text("path", "");
        Path pooling = directory.resolve(poolingPath).normalize();
        if (poolingPath.isEmpty() || !pooling.startsWith(directory.normalize())) {
            throw new BadInputException(file, "the Pooling module's path '" + poolingPath + "' is not a folder of the model");
        }
        return new Modules(readPooling(pooling.resolve(CONFIG), config), normalize, readMaxSeqLength(directory, config));
    }

    private static SentencePooling readPooling(Path file, BertConfig config) {
        JsonConfig json = CheckpointFiles.readJson(file);
        int dimension = json.integer("word_embedding_dimension", config.width());
        if (dimension != config.width()) {
            throw new BadInputException(file, "word_embedding_dimension " + dimension + " differs from hidden_size "
                    + config.width());
        }
        for (String unsupported : List.of("pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken")) {
            if (json.bool(unsupported, false)) {
                throw new BadInputException(file, unsupported + " is not supported (mean or CLS pooling)");
            }
        }
        boolean mean = json.bool("pooling_mode_mean_tokens", false);
        boolean cls = json.bool("pooling_mode_cls_token", false);
        if (mean == cls) {
            throw new BadInputException(file, "exactly one of pooling_mode_mean_tokens and pooling_mode_cls_token "
                    + "must be true");
        }
        return mean ? SentencePooling.MEAN : SentencePooling.CLS;
    }

    /**
     * {@code sentence_bert_config.json}'s {@code max_seq_length}; without one, as
     * sentence-transformers does, the smaller of the positions and {@code tokenizer_config.json}'s
     * {@code model_max_length} (often a huge sentinel, which the positions then bound).
     */
    private static int readMaxSeqLength(Path directory, BertConfig config) {
        Path file = directory.resolve(SENTENCE_CONFIG);
        JsonConfig json = Files.exists(file) ? CheckpointFiles.readJson(file) : null;
        if (json != null && json.bool("do_lower_case", false)) {
            throw new BadInputException(file, "do_lower_case true (lower-casing before the tokenizer) is not supported");
        }
        if (json == null || !json.has("max_seq_length")) {
            Path settings = directory.resolve(TOKENIZER_CONFIG);
            double tokenizerLimit = Files.exists(settings)
                    ? CheckpointFiles.readJson(settings).number("model_max_length", config.positions()) : config.positions();
            if (!(tokenizerLimit >= 2)) {
                throw new BadInputException(settings, "model_max_length " + tokenizerLimit + " cannot hold [CLS] and [SEP]");
            }
            return (int) Math.min(tokenizerLimit, config.positions());
        }
        int length = json.integer("max_seq_length", config.positions());
        if (length < 2 || length > config.positions()) {
            throw new BadInputException(file, "max_seq_length " + length + " is outside [2, max_position_embeddings "
                    + config.positions() + "]");
        }
        return length;
    }
}
