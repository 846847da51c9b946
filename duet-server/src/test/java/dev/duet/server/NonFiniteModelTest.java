/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.model.ClipModel;
import dev.duet.model.SentenceEncoder;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.model.safetensors.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model whose values overflow float32 (CLIP, a sentence encoder): the page gets a 422 naming where, never a NaN explanation. */
class NonFiniteModelTest {

    @TempDir
    Path directory;

    @Test
    void anExplanationThatIsNotFiniteIsRefusedAndNamesWhere() throws Exception {
        Path tiny = TinyServer.fixtures().resolve("models").resolve("tiny");
        try (Stream<Path> files = Files.list(tiny)) {
            for (Path file : files.toList()) {
                Files.copy(file, directory.resolve(file.getFileName()));
            }
        }
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile weights = SafetensorsFile.open(tiny.resolve("model.safetensors"))) {
            for (TensorInfo tensor : weights.tensors().values()) {
                float[] values = weights.readFloats(tensor.name());
                if (tensor.name().startsWith("text_model.encoder.layers.1.mlp.")) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] *= 1e30f;
                    }
                }
                writer.put(tensor.name(), values, tensor.shape());
            }
        }
        writer.write(directory.resolve("model.safetensors"), DType.F32);
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        try (DuetServer server = DuetServer.start(ClipModel.load(directory), "huge", options, System.err)) {
            URI uri = server.address().resolve("/api/explain");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"caption\":\"a red circle\",\"image\":\"ex-red-circle-blue-square\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(422, response.statusCode(), response.body());
            assertTrue(response.body().contains("not finite") && response.body().contains("text block 1"), response.body());
        }
    }

    @Test
    void aTextPairThatIsNotFiniteIsRefusedAndNamesWhere() throws Exception {
        Path bert = Path.of(System.getProperty("duet.bert"));
        try (Stream<Path> files = Files.walk(bert)) {
            for (Path file : files.toList()) {
                Path copy = directory.resolve(bert.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile weights = SafetensorsFile.open(bert.resolve("model.safetensors"))) {
            for (TensorInfo tensor : weights.tensors().values()) {
                float[] values = weights.readFloats(tensor.name());
                // both products of block 1's MLP, so that its output overflows float32 before the post-LN
                // (a single huge product is only rescaled by the layer norm)
                if (tensor.name().startsWith("encoder.layer.1.intermediate.")
                        || tensor.name().startsWith("encoder.layer.1.output.dense.")) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] *= 1e30f;
                    }
                }
                writer.put(tensor.name(), values, tensor.shape());
            }
        }
        Files.delete(directory.resolve("model.safetensors"));
        writer.write(directory.resolve("model.safetensors"), DType.F32);
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        try (DuetServer server = DuetServer.start(SentenceEncoder.load(directory), "huge", options, System.err)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.address().resolve("/api/explain-texts")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"first\":\"a cat\",\"second\":\"a dog\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(422, response.statusCode(), response.body());
            assertTrue(response.body().contains("not finite") && response.body().contains("text block 1"), response.body());
        }
    }
}
