package dev.duet.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order (a pairwise tree), so that a result does not
 * depend on whether the JIT has compiled the code yet: {@code reduceLanes(ADD)} leaves the order
 * of a float sum to the implementation, and the interpreter and compiled code sum in different
 * orders.
 */
final class Lanes {

    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Level l pairs lane i with lane i xor 2^l. */
    private static final VectorShuffle<Float>[] PARTNERS = partners();

    private Lanes() {
    }

    /** {@code sum_i v[i]} of a {@link #SPECIES} vector. */
    static float sum(FloatVector v) {
        FloatVector s = v;
        for (int level = PARTNERS.length - 1; level >= 0; level--) {
            s = s.add(s.rearrange(PARTNERS[level]));
        }
        return s.lane(0);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] partners() {
        int levels = Integer.numberOfTrailingZeros(SPECIES.length());
        VectorShuffle<Float>[] shuffles = new VectorShuffle[levels];
        for (int level = 0; level < levels; level++) {
            int distance = 1 << level;
            shuffles[level] = VectorShuffle.fromOp(SPECIES, i -> i ^ distance);
        }
        return shuffles;
    }
}
