package io.flotilla.proxy.bench;

import java.util.List;

/** The median of a benchmark's rounds: a single slow or fast round on a shared machine does not move it. */
public final class Medians {
    private Medians() {
    }

    /** The middle value, or the mean of the two middle values of an even count. */
    public static double of(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
