package io.github.beatbrackerz.eventstore.benchmarks;

/**
 * One line of the results table.
 *
 * @param name what was measured, e.g. {@code batch append, 100 events/call}
 * @param metric the figure, e.g. {@code events/s} or {@code p99 ms}
 * @param library the library's figure
 * @param baseline the baseline's figure in the same run, or {@code NaN} when there is none
 * @param ratio the figure compared with the target (its meaning is in {@code target})
 * @param target the target as text, e.g. {@code >= 0.85}
 * @param met whether the ratio meets the target
 * @param score how far the target is reached: 1 means exactly met, above 1 beaten (for the chart)
 */
public record Row(String name, String metric, double library, double baseline, double ratio, String target, boolean met, double score) {

    /** A row whose ratio must be at least {@code min}. */
    static Row atLeast(String name, String metric, double library, double baseline, double ratio, double min) {
        return new Row(name, metric, library, baseline, ratio, ">= " + trim(min), ratio >= min, ratio / min);
    }

    /** A row whose ratio must be at most {@code max}. */
    static Row atMost(String name, String metric, double library, double baseline, double ratio, double max) {
        return new Row(name, metric, library, baseline, ratio, "<= " + trim(max), ratio <= max, max / ratio);
    }

    /** A row that is information only. */
    static Row info(String name, String metric, double library, double baseline, double ratio) {
        return new Row(name, metric, library, baseline, ratio, "info", true, Double.NaN);
    }

    /** Library throughput against baseline throughput: ratio = library / baseline. */
    static Row throughput(String name, double library, double baseline, double min) {
        return atLeast(name, "events/s", library, baseline, library / baseline, min);
    }

    /** Library latency against baseline latency: ratio = baseline / library (speed relative to the baseline). */
    static Row latency(String name, String metric, double libraryMs, double baselineMs, double min) {
        return atLeast(name, metric, libraryMs, baselineMs, baselineMs / libraryMs, min);
    }

    static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
