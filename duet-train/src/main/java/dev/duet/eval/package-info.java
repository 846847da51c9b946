/**
 * Evaluation of dual encoders on grounded data: zero-shot retrieval, hard-negative accuracy, and
 * grounding (whether a mention's span map peaks inside the mentioned object's box), with the
 * chance level a map that ignores the image would reach. Depends on explain, model and world.
 */
package dev.duet.eval;
