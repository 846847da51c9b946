/**
 * Duet: explanations of CLIP-style dual encoders. This root package holds only what every
 * layer shares: the bad-input exception and the version.
 */
package dev.duet;
