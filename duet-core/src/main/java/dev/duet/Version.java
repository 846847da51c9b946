/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Duet's version, recorded in every artifact it writes. It comes from the build (the project
 * version in the parent {@code pom.xml}, filtered into {@code dev/duet/version.properties}), so
 * there is one place to change it.
 */
public final class Version {

    /** The version of this build, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}. */
    public static final String VALUE = read();

    private Version() {
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/duet/version.properties is missing from Duet's class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            String value = properties.getProperty("version", "");
            if (value.isBlank() || value.startsWith("${")) {
                throw new IllegalStateException("dev/duet/version.properties was not filtered by the build: " + value);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/duet/version.properties", e);
        }
    }
}
