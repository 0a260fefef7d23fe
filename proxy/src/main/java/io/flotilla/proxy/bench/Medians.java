package io.flotilla.proxy.bench;

import java.util.List;

/** The median of a benchmark's rounds: a single slow or fast round on a shared machine does not move it. */
public final class Medians {
    private Medians() {
    }

    /** Each round's ratio {@code numerators[r] / denominators[r]}: the two sides of a round ran back to back. */
    public static List<Double> ratios(List<Double> numerators, List<Double> denominators) {
        List<Double> out = new java.util.ArrayList<>(numerators.size());
        for (int r = 0; r < numerators.size(); r++) {
            out.add(numerators.get(r) / denominators.get(r));
        }
        return out;
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
