/**
 * {@code duet serve}: a local web page to explain a caption and an image and to explore the
 * result by selecting words and boxes. Built on Jetty 12 (non-blocking request parsing, idle
 * timeouts, a bounded thread pool; only {@code DuetServer} and {@code HttpCall} know it); the
 * page (HTML, JS, CSS) and the example images are classpath resources served from a fixed
 * list, so no file system path is ever taken from a request. Explanations are computed once per
 * (caption, image, settings) and cached; selections answer from the cached interaction matrix.
 *
 * <p>May depend on duet-core (model, explainer, tokenizer, image) and on duet-report
 * (selections, colour map); nothing in Duet depends on it but the CLI.
 */
package dev.duet.server;
