/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HuggingFace hub's local cache, read without the network: a model {@code org/name} lives in
 * {@code <hub>/models--org--name/}, whose {@code refs/main} names the revision whose files are in
 * {@code snapshots/<revision>/} (links into {@code blobs/}, which reading follows).
 *
 * @param hub the cache's {@code hub} folder: {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub},
 *            else {@code ~/.cache/huggingface/hub}
 */
public record HubCache(Path hub) {

    /** The files a CLIP checkpoint in the HuggingFace layout needs, as the message for a missing model lists them. */
    static final String NEEDED_FILES = "config.json model.safetensors vocab.json merges.txt preprocessor_config.json";

    /** {@code org/name} as the hub spells repository ids. */
    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    /** A revision as refs/main holds it: a commit hash (never a path). */
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String REPOSITORY_PREFIX = "models--";

    /** The cache where the {@code huggingface_hub} library of this user's environment puts it. */
    public static HubCache fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static HubCache fromEnvironment(Map<String, String> environment, Path userHome) {
        String hubCache = environment.get("HF_HUB_CACHE");
        if (hubCache != null && !hubCache.isBlank()) {
            return new HubCache(Path.of(hubCache));
        }
        String home = environment.get("HF_HOME");
        Path huggingFace = home != null && !home.isBlank() ? Path.of(home) : userHome.resolve(".cache").resolve("huggingface");
        return new HubCache(huggingFace.resolve("hub"));
    }

    /**
     * The checkpoint folder a user means by {@code name}: an existing folder as it is (a plain
     * checkpoint or a snapshot), a cached repository folder ({@code models--org--name}) at its
     * {@code refs/main} revision, or a hub id ({@code org/name}) looked up in this cache.
     */
    public Path resolve(String name) {
        Path given = Path.of(name);
        if (Files.isDirectory(given)) {
            Path folder = given.toAbsolutePath().normalize().getFileName();
            boolean cachedRepository = folder != null && folder.toString().startsWith(REPOSITORY_PREFIX)
                    && Files.isDirectory(given.resolve("refs"));
            return cachedRepository ? mainSnapshot(given, folder.toString().substring(REPOSITORY_PREFIX.length()).replace("--", "/")) : given;
        }
        if (Files.exists(given) || !HUB_ID.matcher(name).matches()) {
            throw new BadInputException(given, "not a model directory (give a checkpoint folder, a hub cache snapshot, "
                    + "or a hub id such as openai/clip-vit-base-patch16)");
        }
        Path repository = hub.resolve(REPOSITORY_PREFIX + name.replace("/", "--"));
        if (!Files.isDirectory(repository)) {
            throw new BadInputException(repository, "model " + name + " is not in the HuggingFace cache " + hub
                    + " (no network is used); fetch " + NEEDED_FILES + " with: huggingface-cli download " + name + " "
                    + NEEDED_FILES + " (HF_HOME or HF_HUB_CACHE choose the cache), or give --model a folder holding them");
        }
        return mainSnapshot(repository, name);
    }

    private static Path mainSnapshot(Path repository, String name) {
        Path reference = repository.resolve("refs").resolve("main");
        if (!Files.isRegularFile(reference)) {
            throw new BadInputException(reference, "file not found: the cache holds no main revision of " + name
                    + "; fetch it with: huggingface-cli download " + name + " " + NEEDED_FILES);
        }
        String revision;
        try {
            revision = Files.readString(reference, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BadInputException(reference, "cannot read: " + e.getMessage(), e);
        }
        if (!REVISION.matcher(revision).matches()) {
            throw new BadInputException(reference, "not a revision: \"" + (revision.length() > 60 ? revision.substring(0, 60) + "..." : revision) + "\"");
        }
        Path snapshot = repository.resolve("snapshots").resolve(revision);
        if (!Files.isDirectory(snapshot)) {
            throw new BadInputException(snapshot, "refs/main names revision " + revision + ", whose snapshot is not in the cache; "
                    + "fetch it with: huggingface-cli download " + name + " " + NEEDED_FILES);
        }
        return snapshot;
    }
}
