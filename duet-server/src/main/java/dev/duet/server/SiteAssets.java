/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's files, read from the classpath once at start. A request names one of these paths
 * exactly or gets 404: no request path is ever resolved against a folder.
 */
final class SiteAssets {

    record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets;

    SiteAssets() {
        this.assets = Map.of(
                "/", load("index.html", "text/html; charset=utf-8"),
                "/app.js", load("app.js", "text/javascript; charset=utf-8"),
                "/overlay.js", load("overlay.js", "text/javascript; charset=utf-8"),
                "/texts.js", load("texts.js", "text/javascript; charset=utf-8"),
                "/app.css", load("app.css", "text/css; charset=utf-8"));
    }

    /** The asset at exactly this request path, or null. */
    Asset get(String path) {
        return assets.get(path);
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = SiteAssets.class.getResourceAsStream("site/" + name)) {
            if (in == null) {
                throw new IllegalStateException("page file " + name + " is missing from the jar");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("reading page file " + name, e);
        }
    }
}
