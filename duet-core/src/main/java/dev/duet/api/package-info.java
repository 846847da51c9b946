/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Duet as a library in a few lines: {@link dev.duet.api.Duet} loads a checkpoint, owns its worker
 * threads, and embeds and explains captions and images given as files, decoded images, encoded
 * bytes or streams. Depends on explain, model and image; nothing depends on it.
 */
package dev.duet.api;
