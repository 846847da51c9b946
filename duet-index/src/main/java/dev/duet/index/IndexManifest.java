/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.BadInputException;
import dev.duet.Version;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an index folder holds, kept in each Lucene commit's user data so that it changes with
 * the documents, atomically: the store settings, the model folder and image folder it was built
 * from, and how many factor store files ({@code factors/chunk-NNNNNN.dfs}) and items the commit
 * covers. Files past {@code chunks} belong to a build that was killed before its commit.
 *
 * <pre>
 * INDEX/lucene/                 the Lucene index: one document per image (file, embedding, chunk, slot)
 * INDEX/factors/chunk-NNNNNN.dfs  one FactorStore per commit, immutable
 * </pre>
 */
record IndexManifest(StoreSettings settings, Path model, Path images, int chunks, int items) {

    static final String FORMAT = "duet-index";
    static final int VERSION = 1;
    static final String LUCENE_FOLDER = "lucene";
    static final String FACTORS_FOLDER = "factors";

    private static final ObjectMapper JSON = new ObjectMapper();

    static Path luceneFolder(Path index) {
        return index.resolve(LUCENE_FOLDER);
    }

    static Path factorsFolder(Path index) {
        return index.resolve(FACTORS_FOLDER);
    }

    static Path chunkFile(Path index, int chunk) {
        return factorsFolder(index).resolve(String.format(Locale.ROOT, "chunk-%06d.dfs", chunk));
    }

    /** The chunk number of a file name {@code chunk-NNNNNN.dfs}, or -1 for any other name. */
    static int chunkNumber(String fileName) {
        if (!fileName.matches("chunk-[0-9]{6}\\.dfs")) {
            return -1;
        }
        return Integer.parseInt(fileName.substring(6, 12));
    }

    IndexManifest withProgress(int chunkCount, int itemCount) {
        return new IndexManifest(settings, model, images, chunkCount, itemCount);
    }

    IndexManifest withModel(Path folder) {
        return new IndexManifest(settings, folder, images, chunks, items);
    }

    Map<String, String> commitData() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("duet.format", FORMAT);
        data.put("duet.format_version", Integer.toString(VERSION));
        data.put("duet.version", Version.VALUE);
        data.put("duet.settings", settings.toJson().toString());
        data.put("duet.model", model.toString());
        data.put("duet.images", images.toString());
        data.put("duet.chunks", Integer.toString(chunks));
        data.put("duet.items", Integer.toString(items));
        return data;
    }

    /** Reads a commit's user data; anything missing or invalid is a foreign or corrupt index (exit 2). */
    static IndexManifest of(Path index, Map<String, String> data) {
        if (!FORMAT.equals(data.get("duet.format"))) {
            throw new BadInputException(index, "a Lucene index, but not one Duet built (no duet.format in its commit)");
        }
        if (!Integer.toString(VERSION).equals(data.get("duet.format_version"))) {
            throw new BadInputException(index, "Duet index format version " + data.get("duet.format_version")
                    + "; this Duet reads version " + VERSION);
        }
        try {
            StoreSettings settings = StoreSettings.fromJson(JSON.readTree(required(data, "duet.settings")));
            int chunks = Integer.parseInt(required(data, "duet.chunks"));
            int items = Integer.parseInt(required(data, "duet.items"));
            if (chunks < 0 || items < 0) {
                throw new IllegalArgumentException("negative chunk or item count");
            }
            return new IndexManifest(settings, Path.of(required(data, "duet.model")), Path.of(required(data, "duet.images")),
                    chunks, items);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(index, "corrupt Duet index manifest: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> data, String key) {
        String value = data.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }
}
