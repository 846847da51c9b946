package dev.duet.explain;

/**
 * How the image side of {@code A = U^T V} is computed for one explanation.
 *
 * <p>Forward mode pushes one tangent per image row (197 for ViT-B/16) through every block above
 * the cut; reverse mode pulls one cotangent per caption row of U (about ten) back through them
 * and never forms V. Both give the same A up to rounding. Above a single block forward mode is
 * the cheaper one, because after attention only the pooled row of each tangent goes on; above
 * two or more blocks every tangent spans the whole sequence and reverse mode costs a tenth.
 */
public enum ImageMode {
    /** reverse mode when the image slice has two or more blocks and U has fewer rows than the image */
    AUTO,
    /** V by forward-mode tangents: a factor that can be cached and reused against other captions */
    FORWARD,
    /** vector-Jacobian products of U's rows: no V, much cheaper deep in the tower */
    REVERSE
}
