package dev.duet.eval;

/**
 * The map a grounding method would draw if it knew only that objects tend to sit near the
 * middle: a baseline that reads neither the caption nor the image. On a square grid of G x G
 * patches its peak is the central patch, or, for even G, any of the four central patches.
 */
final class CentrePrior {

    private CentrePrior() {
    }

    /** The expected pointing-game hit when the peak is one of the central patches, chosen at random. */
    static double hitRate(boolean[] covered, int grid) {
        int low = (grid - 1) / 2;
        int high = grid / 2;
        int hits = 0;
        int centres = 0;
        for (int row = low; row <= high; row++) {
            for (int col = low; col <= high; col++) {
                centres++;
                hits += covered[row * grid + col] ? 1 : 0;
            }
        }
        return hits / (double) centres;
    }

    /** exp(-d^2 / (2 sigma^2)) per patch [G*G], d the distance of the patch centre from the grid's centre, sigma = G/4. */
    static float[] map(int grid) {
        float[] map = new float[grid * grid];
        double centre = grid / 2.0;
        double sigma = grid / 4.0;
        for (int row = 0; row < grid; row++) {
            for (int col = 0; col < grid; col++) {
                double dy = row + 0.5 - centre;
                double dx = col + 0.5 - centre;
                map[row * grid + col] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
            }
        }
        return map;
    }
}
