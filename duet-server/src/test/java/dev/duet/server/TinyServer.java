/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.model.ClipModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A server on a free loopback port with the tiny random-weight fixture model. */
final class TinyServer {

    private TinyServer() {
    }

    static Path fixtures() {
        Path folder = Path.of(System.getProperty("duet.shared"), "fixtures");
        if (!Files.isDirectory(folder.resolve("models").resolve("tiny"))) {
            throw new AssertionError("fixture model missing under " + folder);
        }
        return folder;
    }

    static DuetServer start() throws IOException {
        ClipModel model = ClipModel.load(fixtures().resolve("models").resolve("tiny"));
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        return DuetServer.start(model, "fixtures/models/tiny", options, System.err);
    }
}
