/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Evaluation of dual encoders on grounded data: zero-shot retrieval, hard-negative accuracy, and
 * grounding (whether a mention's span map peaks inside the mentioned object's box, and how much
 * of its positive mass lies there), beside maps that ignore the caption (a random map, the centre
 * prior), per class, with bootstrap intervals; and hard negatives' swapped words on the object's
 * box. Depends on explain, model and world.
 */
package dev.duet.eval;
