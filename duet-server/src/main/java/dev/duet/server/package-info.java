/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * {@code duet serve}: a local web page to explain a caption and an image and to explore the
 * result by selecting words and boxes or, under a sentence encoder, to explain a pair of texts
 * token by token (a server holds one kind or the other: {@code Served}). Built on Jetty 12
 * (non-blocking request parsing, idle timeouts, a bounded thread pool; only {@code DuetServer}
 * and {@code HttpCall} know it); the page (HTML, JS, CSS) and the example images are classpath
 * resources served from a fixed list, so no file system path is ever taken from a request.
 * Explanations are computed once per (caption, image, settings) and cached, the text and image
 * factors apart, each under a record of exactly what it depends on ({@code ExplainRequest.TextKey},
 * {@code ImageKey}, {@code Key}); selections answer from the cached interaction matrix. Pairs of
 * texts are cached the same way, each sentence's factor under {@code TextPairRequest.SentenceKey}.
 * Settings travel in their one spelling ({@link dev.duet.Spelling}).
 *
 * <p>May depend on duet-core (model, explainer, tokenizer, image) and on duet-report
 * (selections, colour map); nothing in Duet depends on it but the CLI.
 */
package dev.duet.server;
