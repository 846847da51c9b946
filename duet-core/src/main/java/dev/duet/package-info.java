/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Duet: explanations of CLIP-style dual encoders. This root package holds only what every
 * layer shares: the bad-input exception, the checks and atomic writes of user files, the JSON
 * formats, the version, and {@link dev.duet.Spelling} (the one external spelling of a concept's enum).
 */
package dev.duet;
