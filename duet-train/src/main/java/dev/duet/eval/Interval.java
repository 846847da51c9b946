package dev.duet.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A mean with its 95 % percentile-bootstrap interval: 1,000 resamples of the values with
 * replacement, from a fixed seed, so that the same values always give the same interval.
 */
public record Interval(double mean, double low, double high, int n) {

    static final int RESAMPLES = 1000;
    private static final long SEED = 20_240_826L;

    /** The interval of the mean of {@code values}; NaN values are left out, and none left gives NaNs with n = 0. */
    public static Interval of(double[] values) {
        double[] kept = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        int n = kept.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += kept[random.nextInt(n)];
            }
            means[r] = sum / n;
        }
        Arrays.sort(means);
        return new Interval(Arrays.stream(kept).average().orElseThrow(), means[(int) (0.025 * RESAMPLES)],
                means[(int) (0.975 * RESAMPLES) - 1], n);
    }
}
