/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Duet's peers, run by {@code ./benchmark.sh peers} in turn with Duet on the same inputs: ONNX
 * Runtime here (PyTorch in bench/peers.py). Built only with the Maven profile {@code peers}, so
 * that ONNX Runtime's jar stays out of the default build; nothing depends on it.
 */
package dev.duet.peers;
