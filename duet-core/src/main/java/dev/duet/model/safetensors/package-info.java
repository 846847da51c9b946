/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The safetensors format: a reader that validates every size and offset before reading, and an
 * atomic writer. Depends on nothing of Duet but {@link dev.duet.BadInputException}.
 */
package dev.duet.model.safetensors;
