package io.flotilla.proxy.bench;

import java.util.List;

/** The median of a benchmark's rounds: a single slow or fast round on a shared machine does not move it. */
public final class Medians {
    private Medians() {
    }

    /**
     * The middle value, or the mean of the two middle values of an even count; NaN entries (a round without that
     * figure) are left out, and NaN is the answer when nothing is left.
     */
    public static double of(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = a.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
