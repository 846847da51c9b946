/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsException;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.model.safetensors.TensorInfo;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints as users have them: in the HuggingFace hub cache (snapshots of links into
 * blobs, found by hub id through refs/main), sharded safetensors, and PyTorch pickles (refused).
 * Every layout is built in a temporary folder from the tiny fixture model.
 */
class ModelsAsUsersNameThemTest {

    private static final Path TINY = Path.of(System.getProperty("duet.shared"), "fixtures", "models", "tiny");
    private static final List<String> SIDE_FILES = List.of("config.json", "vocab.json", "merges.txt", "preprocessor_config.json");
    private static final String REVISION = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path directory;

    /** models--org--name/{blobs/, snapshots/REVISION/<file> -> ../../blobs/<blob>, refs/main}, as huggingface_hub writes it. */
    private Path hubCacheWithTiny(String org, String name) throws IOException {
        Path hub = directory.resolve("hub");
        Path repository = hub.resolve("models--" + org + "--" + name);
        Path blobs = Files.createDirectories(repository.resolve("blobs"));
        Path snapshot = Files.createDirectories(repository.resolve("snapshots").resolve(REVISION));
        List<String> files = new ArrayList<>(SIDE_FILES);
        files.add("model.safetensors");
        for (int i = 0; i < files.size(); i++) {
            String blob = "blob" + i;
            Files.copy(TINY.resolve(files.get(i)), blobs.resolve(blob));
            Files.createSymbolicLink(snapshot.resolve(files.get(i)), Path.of("..", "..", "blobs", blob));
        }
        Files.createDirectories(repository.resolve("refs"));
        Files.writeString(repository.resolve("refs").resolve("main"), REVISION);
        return hub;
    }

    private static float[] embedding(ClipModel model) {
        try (Parallel parallel = Parallel.of(1)) {
            return model.embedTexts(parallel, List.of("a red circle"))[0];
        }
    }

    @Test
    void aHubIdLoadsTheSnapshotThatRefsMainNamesThroughItsLinks() throws IOException {
        HubCache cache = new HubCache(hubCacheWithTiny("openai", "clip-tiny"));
        Path snapshot = cache.resolve("openai/clip-tiny");
        assertEquals(cache.hub().resolve("models--openai--clip-tiny/snapshots/" + REVISION), snapshot);
        assertTrue(Files.isSymbolicLink(snapshot.resolve("model.safetensors")));
        assertArrayEquals(embedding(ClipModel.load(TINY)), embedding(ClipModel.load(snapshot)));
    }

    @Test
    void aSnapshotFolderAndARepositoryFolderAreTakenAsTheyAre() throws IOException {
        HubCache cache = new HubCache(hubCacheWithTiny("openai", "clip-tiny"));
        Path repository = cache.hub().resolve("models--openai--clip-tiny");
        Path snapshot = repository.resolve("snapshots").resolve(REVISION);
        assertEquals(snapshot, cache.resolve(snapshot.toString()));
        assertEquals(snapshot, cache.resolve(repository.toString()));
        assertEquals(TINY, cache.resolve(TINY.toString()));
    }

    @Test
    void aHubIdAbsentFromTheCacheSaysWhatToFetchAndWhere() throws IOException {
        HubCache cache = new HubCache(hubCacheWithTiny("openai", "clip-tiny"));
        BadInputException absent = assertThrows(BadInputException.class, () -> cache.resolve("openai/clip-vit-base-patch16"));
        String message = absent.getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("models--openai--clip-vit-base-patch16"), message);
        assertTrue(message.contains("huggingface-cli download openai/clip-vit-base-patch16 config.json model.safetensors"), message);
        assertTrue(message.contains(cache.hub().toString()), message);
    }

    @Test
    void aBrokenRefsMainIsRefused() throws IOException {
        HubCache cache = new HubCache(hubCacheWithTiny("openai", "clip-tiny"));
        Path main = cache.hub().resolve("models--openai--clip-tiny/refs/main");
        Files.writeString(main, "../../../../etc");
        assertTrue(assertThrows(BadInputException.class, () -> cache.resolve("openai/clip-tiny")).getMessage()
                .contains("not a revision"));
        Files.writeString(main, "feedface");
        assertTrue(assertThrows(BadInputException.class, () -> cache.resolve("openai/clip-tiny")).getMessage()
                .contains("whose snapshot is not in the cache"));
        Files.delete(main);
        assertTrue(assertThrows(BadInputException.class, () -> cache.resolve("openai/clip-tiny")).getMessage()
                .contains("no main revision"));
    }

    @Test
    void neitherAFolderNorAHubIdIsRefused() {
        HubCache cache = new HubCache(directory);
        assertTrue(assertThrows(BadInputException.class, () -> cache.resolve(directory.resolve("absent").toString()))
                .getMessage().contains("not a model directory"));
    }

    @Test
    void theCacheIsWhereHuggingfaceHubPutsIt() {
        Path home = Path.of("/home/someone");
        assertEquals(Path.of("/home/someone/.cache/huggingface/hub"), HubCache.fromEnvironment(Map.of(), home).hub());
        assertEquals(Path.of("/data/hf/hub"), HubCache.fromEnvironment(Map.of("HF_HOME", "/data/hf"), home).hub());
        assertEquals(Path.of("/fast/hub"), HubCache.fromEnvironment(Map.of("HF_HOME", "/data/hf", "HF_HUB_CACHE", "/fast/hub"), home).hub());
    }

    /** The tiny checkpoint split into shards: tensor i goes to shard {@code shardOf(i)}; returns the folder. */
    private Path sharded(int shards, Map<String, String> indexOverrides, String duplicated) throws IOException {
        Path folder = Files.createDirectories(directory.resolve("sharded"));
        for (String file : SIDE_FILES) {
            Files.copy(TINY.resolve(file), folder.resolve(file));
        }
        List<SafetensorsWriter> writers = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            writers.add(new SafetensorsWriter());
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        try (SafetensorsFile whole = SafetensorsFile.open(TINY.resolve("model.safetensors"))) {
            int i = 0;
            for (TensorInfo info : whole.tensors().values()) {
                int shard = i++ % shards;
                writers.get(shard).put(info.name(), whole.readFloats(info.name()), info.shape());
                weightMap.put(info.name(), shardName(shard, shards));
                if (info.name().equals(duplicated)) {
                    writers.get((shard + 1) % shards).put(info.name(), whole.readFloats(info.name()), info.shape());
                }
            }
        }
        for (int s = 0; s < shards; s++) {
            writers.get(s).write(folder.resolve(shardName(s, shards)), DType.F32);
        }
        weightMap.putAll(indexOverrides);
        StringBuilder index = new StringBuilder("{\"metadata\": {\"total_size\": 0}, \"weight_map\": {");
        weightMap.forEach((tensor, shard) -> index.append('"').append(tensor).append("\": \"").append(shard).append("\", "));
        index.setLength(index.length() - 2);
        Files.writeString(folder.resolve("model.safetensors.index.json"), index.append("}}").toString());
        return folder;
    }

    private static String shardName(int shard, int shards) {
        return "model-%05d-of-%05d.safetensors".formatted(shard + 1, shards);
    }

    @Test
    void aShardedCheckpointLoadsTheSameWeights() throws IOException {
        Path folder = sharded(3, Map.of(), null);
        ClipCheckpoint checkpoint = ClipCheckpoint.load(folder);
        assertEquals("model.safetensors.index.json", checkpoint.weightsFile());
        ClipCheckpoint whole = ClipCheckpoint.load(TINY);
        assertArrayEquals(whole.weights().text().tokenEmbedding(), checkpoint.weights().text().tokenEmbedding());
        assertArrayEquals(whole.weights().vision().projection(), checkpoint.weights().vision().projection());
        assertArrayEquals(embedding(ClipModel.load(TINY)), embedding(ClipModel.load(folder)));
    }

    private static SafetensorsException.Reason refusal(Path folder) {
        SafetensorsException refused = assertThrows(SafetensorsException.class, () -> ClipCheckpoint.load(folder));
        assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
        assertTrue(refused.getMessage().startsWith(folder.resolve("model.safetensors.index.json").toString()), refused.getMessage());
        return refused.reason();
    }

    @Test
    void anIndexNamingAMissingShardIsRefused() throws IOException {
        Path folder = sharded(2, Map.of(), null);
        Files.delete(folder.resolve(shardName(1, 2)));
        assertEquals(SafetensorsException.Reason.MISSING_SHARD, refusal(folder));
    }

    @Test
    void aTensorInTwoShardsIsRefused() throws IOException {
        assertEquals(SafetensorsException.Reason.OVERLAPPING_TENSOR, refusal(sharded(2, Map.of(), "logit_scale")));
    }

    @Test
    void anIndexMappingATensorToTheWrongShardIsRefused() throws IOException {
        assertEquals(SafetensorsException.Reason.MISSING_TENSOR, refusal(sharded(2, Map.of("logit_scale", shardName(1, 2)), null)));
    }

    @Test
    void aShardOutsideTheFolderIsRefused() throws IOException {
        assertEquals(SafetensorsException.Reason.BAD_INDEX, refusal(sharded(2, Map.of("logit_scale", "../model.safetensors"), null)));
    }

    @Test
    void aPyTorchPickleIsRefusedWithTheReasonAndAConversion() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("pickled"));
        for (String file : SIDE_FILES) {
            Files.copy(TINY.resolve(file), folder.resolve(file));
        }
        Files.write(folder.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        BadInputException refused = assertThrows(BadInputException.class, () -> ClipCheckpoint.load(folder));
        String message = refused.getMessage();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith(folder.resolve("pytorch_model.bin").toString()), message);
        assertTrue(message.contains("can run any code"), message);
        assertTrue(message.contains("save_pretrained"), message);
    }
}
