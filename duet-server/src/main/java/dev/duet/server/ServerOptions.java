/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

/**
 * How {@code duet serve} listens and what it accepts.
 *
 * @param host           address to bind; loopback by default, so only this machine can connect
 * @param port           TCP port, 0 for any free one
 * @param maxUploadBytes largest image file accepted
 * @param maxCaptionChars longest caption accepted, and longest text of a pair under a sentence encoder
 * @param cachedExplanations explanations kept for selections (least recently used go first)
 * @param threads        worker threads of the explainer
 */
public record ServerOptions(String host, int port, int maxUploadBytes, int maxCaptionChars, int cachedExplanations,
                            int threads) {

    public static final String LOOPBACK = "127.0.0.1";

    public ServerOptions {
        if (host == null || host.isBlank() || host.length() > 255) {
            throw new IllegalArgumentException("host must be a name or an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxUploadBytes < 1024 || maxUploadBytes > 256 << 20) {
            throw new IllegalArgumentException("upload limit must be in 1 KiB..256 MiB");
        }
        if (maxCaptionChars < 1 || maxCaptionChars > 100_000) {
            throw new IllegalArgumentException("caption limit must be in 1..100000");
        }
        if (cachedExplanations < 1 || cachedExplanations > 1000) {
            throw new IllegalArgumentException("explanation cache must hold 1..1000 entries");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in 1..256");
        }
    }

    /** Loopback, port 8765, 10 MB uploads, 1000-character captions, 16 cached explanations. */
    public static ServerOptions defaults() {
        return new ServerOptions(LOOPBACK, 8765, 10 * 1000 * 1000, 1000, 16,
                Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    public ServerOptions withAddress(String newHost, int newPort) {
        return new ServerOptions(newHost, newPort, maxUploadBytes, maxCaptionChars, cachedExplanations, threads);
    }

    public ServerOptions withThreads(int count) {
        return new ServerOptions(host, port, maxUploadBytes, maxCaptionChars, cachedExplanations, count);
    }
}
