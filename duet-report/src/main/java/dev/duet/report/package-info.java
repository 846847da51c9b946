/**
 * Pictures of explanations: diverging colour maps and their colour bars, patch maps laid over
 * the original image, captions with coloured tokens, and grids of small multiples, all drawn
 * with Java2D (headless) and written as PNG.
 *
 * <p>May depend on {@code dev.duet.image} (crop and patch geometry) and {@code dev.duet}
 * (input errors) of duet-core and on the JDK's {@code java.desktop}; never on the model, the
 * explainer or the CLI: callers hand in plain arrays of scores.
 */
package dev.duet.report;
