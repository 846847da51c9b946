/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.JsonTree;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.ShardedSafetensors;
import dev.duet.model.safetensors.TensorSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the checkpoint layouts of both families: bounded, strict JSON reading, opening the weights, the logit scale's bound. */
final class CheckpointFiles {

    static final long MAX_CONFIG_BYTES = 4L * 1024 * 1024;

    private CheckpointFiles() {
    }

    static JsonConfig readJson(Path file) {
        InputFiles.checkedSize(file, MAX_CONFIG_BYTES);
        try {
            JsonNode root = JsonTree.STRICT.read(Files.readAllBytes(file));
            if (!root.isObject()) {
                throw new BadInputException(file, "not a JSON object");
            }
            return new JsonConfig(file, root, "");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A JSON file whose top level is a list of objects (sentence-transformers' {@code modules.json}), at most {@code limit} long. */
    static List<JsonConfig> readJsonList(Path file, int limit) {
        InputFiles.checkedSize(file, MAX_CONFIG_BYTES);
        try {
            JsonNode root = JsonTree.STRICT.read(Files.readAllBytes(file));
            if (!root.isArray() || root.size() > limit) {
                throw new BadInputException(file, "not a JSON list of at most " + limit + " objects");
            }
            List<JsonConfig> items = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                if (!root.get(i).isObject()) {
                    throw new BadInputException(file, "item " + i + " is not a JSON object");
                }
                items.add(new JsonConfig(file, root.get(i), "[" + i + "]."));
            }
            return items;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    static BadInputException configProblem(Path file, IllegalArgumentException problem) {
        return new BadInputException(file, problem.getMessage(), problem);
    }

    /** exp(logit_scale) scales cosines; past 80 it nears float32's limit (exp(88.7)). CLIP clamps it at ln(100). */
    static final float MAX_LOGIT_SCALE = 80;

    /** {@code logitScale}, refused (naming {@code file}) when exp of it would overflow float32: CLIP's and SigLIP's. */
    static float checkLogitScale(Path file, float logitScale) {
        if (!(Math.abs(logitScale) <= MAX_LOGIT_SCALE)) {
            throw new BadInputException(file, "logit_scale " + logitScale + " is outside [-" + MAX_LOGIT_SCALE
                    + ", " + MAX_LOGIT_SCALE + "]: exp(logit_scale) would overflow float32");
        }
        return logitScale;
    }

    /**
     * The layout's safetensors weights, whole ({@code model.safetensors}) or sharded
     * ({@code model.safetensors.index.json} and its shards). PyTorch's pickled weights are refused:
     * unpickling runs whatever code the file names.
     */
    static TensorSource openWeights(Path directory, String name, List<String> pickled, String conversion) {
        Path file = directory.resolve(name);
        if (Files.exists(file)) {
            InputFiles.checkedSize(file, Long.MAX_VALUE);
            return SafetensorsFile.open(file);
        }
        Path index = directory.resolve(name + ShardedSafetensors.INDEX_SUFFIX);
        if (Files.exists(index)) {
            InputFiles.checkedSize(index, Long.MAX_VALUE);
            return ShardedSafetensors.open(index);
        }
        for (String pickle : pickled) {
            if (Files.isRegularFile(directory.resolve(pickle))) {
                throw new BadInputException(directory.resolve(pickle), "Duet does not read PyTorch pickles (unpickling can run "
                        + "any code the file holds); convert it to " + name + " once, where you trust it: python -c \""
                        + conversion.formatted(directory) + "\"");
            }
        }
        throw new BadInputException(file, "file not found (nor " + index.getFileName() + "; only safetensors checkpoints are supported)");
    }
}
