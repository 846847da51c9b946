/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.JsonTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.duet.model.safetensors.SafetensorsException.Reason;

/**
 * A checkpoint split into shards, as the hub stores large models: an index
 * ({@code model.safetensors.index.json}, {@code {"metadata": {...}, "weight_map": {tensor: shard}}})
 * beside the shard files. Every shard is opened and validated as a safetensors file; a shard
 * that is missing, a tensor held by two shards, or a tensor that its shard does not hold is
 * refused before any tensor is read.
 */
public final class ShardedSafetensors implements TensorSource {

    /** What the hub appends to a weights file's name for its index: {@code model.safetensors.index.json}. */
    public static final String INDEX_SUFFIX = ".index.json";

    static final long MAX_INDEX_BYTES = 16L * 1024 * 1024;

    private final Path index;
    private final List<SafetensorsFile> shards;
    private final Map<String, SafetensorsFile> owners;

    private ShardedSafetensors(Path index, List<SafetensorsFile> shards, Map<String, SafetensorsFile> owners) {
        this.index = index;
        this.shards = shards;
        this.owners = owners;
    }

    /** Opens the index and every shard it names (files beside the index). */
    public static ShardedSafetensors open(Path index) {
        Map<String, String> weightMap = readWeightMap(index);
        Path folder = index.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> byName = new LinkedHashMap<>();
        try {
            for (String shardName : weightMap.values()) {
                if (!byName.containsKey(shardName)) {
                    Path shard = folder.resolve(shardName);
                    if (!Files.isRegularFile(shard)) {
                        throw new SafetensorsException(index, Reason.MISSING_SHARD, "names shard " + shardName
                                + ", which is not in " + folder);
                    }
                    byName.put(shardName, SafetensorsFile.open(shard));
                }
            }
            Map<String, SafetensorsFile> owners = new HashMap<>();
            for (SafetensorsFile shard : byName.values()) {
                for (String tensor : shard.tensors().keySet()) {
                    SafetensorsFile other = owners.putIfAbsent(tensor, shard);
                    if (other != null) {
                        throw new SafetensorsException(index, Reason.OVERLAPPING_TENSOR, "tensor '" + tensor + "' is in both "
                                + other.path().getFileName() + " and " + shard.path().getFileName());
                    }
                }
            }
            weightMap.forEach((tensor, shardName) -> {
                if (owners.get(tensor) != byName.get(shardName)) {
                    throw new SafetensorsException(index, Reason.MISSING_TENSOR, "maps tensor '" + tensor + "' to "
                            + shardName + ", which does not hold it");
                }
            });
            return new ShardedSafetensors(index, List.copyOf(byName.values()), owners);
        } catch (RuntimeException e) {
            byName.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    /** The index's {@code weight_map}, each shard a plain file name (never a path out of the folder). */
    private static Map<String, String> readWeightMap(Path index) {
        JsonNode root;
        try {
            long size = Files.size(index);
            if (size > MAX_INDEX_BYTES) {
                throw new SafetensorsException(index, Reason.BAD_INDEX, "index of " + size + " bytes exceeds the limit of "
                        + MAX_INDEX_BYTES);
            }
            root = JsonTree.STRICT.read(Files.readAllBytes(index));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SafetensorsException(index, Reason.BAD_INDEX, "malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SafetensorsException(index, Reason.UNREADABLE, "cannot read: " + e.getMessage(), e);
        }
        JsonNode weightMap = root.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new SafetensorsException(index, Reason.BAD_INDEX, "no \"weight_map\" object of tensor names and shard files");
        }
        Map<String, String> map = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        weightMap.properties().forEach(entry -> {
            JsonNode shard = entry.getValue();
            if (!shard.isTextual() || !isPlainFileName(shard.asText())) {
                problems.add("tensor '" + entry.getKey() + "' maps to " + shard + ", not a file name beside the index");
            } else {
                map.put(entry.getKey(), shard.asText());
            }
        });
        if (!problems.isEmpty()) {
            throw new SafetensorsException(index, Reason.BAD_INDEX, problems.getFirst());
        }
        return map;
    }

    private static boolean isPlainFileName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            return false;
        }
        Path path = Path.of(name);
        return path.getNameCount() == 1 && !path.isAbsolute() && name.indexOf('/') < 0 && name.indexOf('\\') < 0;
    }

    @Override
    public Path path() {
        return index;
    }

    /** The shards, in the order the index first names them. */
    public List<Path> shardFiles() {
        return shards.stream().map(SafetensorsFile::path).toList();
    }

    @Override
    public boolean contains(String name) {
        return owners.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) {
        return owner(name).info(name);
    }

    @Override
    public float[] readFloats(String name) {
        return owner(name).readFloats(name);
    }

    @Override
    public int readFloatsInto(String name, float[] target, int offset) {
        return owner(name).readFloatsInto(name, target, offset);
    }

    private SafetensorsFile owner(String name) {
        SafetensorsFile shard = owners.get(name);
        if (shard == null) {
            throw new SafetensorsException(index, Reason.MISSING_TENSOR, "missing tensor '" + name + "' (in no shard)");
        }
        return shard;
    }

    @Override
    public void close() {
        shards.forEach(SafetensorsFile::close);
    }
}
