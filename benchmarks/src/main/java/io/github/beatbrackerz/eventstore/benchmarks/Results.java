package io.github.beatbrackerz.eventstore.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Writes the rows as a Markdown table ({@code results.md}) and CSV ({@code results.csv}). */
final class Results {

    private Results() {
    }

    static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        out.append("| what | figure | library | baseline | ratio | target | met |\n");
        out.append("|---|---|---:|---:|---:|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.name()).append(" | ").append(row.metric()).append(" | ")
                    .append(number(row.library())).append(" | ").append(number(row.baseline())).append(" | ")
                    .append(ratio(row.ratio())).append(" | ").append(row.target()).append(" | ")
                    .append(row.target().equals("info") ? "—" : row.met() ? "yes" : "**no**").append(" |\n");
        }
        return out.toString();
    }

    static void write(Path directory, List<Row> rows, String header) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("results.md"), header + "\n\n" + markdown(rows));
            StringBuilder csv = new StringBuilder("name,metric,library,baseline,ratio,target,met,score\n");
            for (Row row : rows) {
                csv.append('"').append(row.name().replace("\"", "'")).append("\",").append(row.metric()).append(',')
                        .append(row.library()).append(',').append(row.baseline()).append(',').append(row.ratio()).append(',')
                        .append(row.target()).append(',').append(row.met()).append(',').append(row.score()).append('\n');
            }
            Files.writeString(directory.resolve("results.csv"), csv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "—";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String ratio(double value) {
        return Double.isNaN(value) ? "—" : String.format(Locale.ROOT, "%.2f", value);
    }
}
