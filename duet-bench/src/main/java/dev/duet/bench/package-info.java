/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Reproducible measurements behind BENCHMARKS.md: each class is a {@code main} that times one
 * part of Duet and prints a markdown table. May depend on every Duet module; nothing depends
 * on it.
 */
package dev.duet.bench;
