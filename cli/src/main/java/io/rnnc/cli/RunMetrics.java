package io.rnnc.cli;

import io.rnnc.report.SeedSpread;
import io.rnnc.report.Series;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A run named on the command line, with what it logged: a metrics file, a checkpoint (its
 * metrics file lies beside it), or a directory whose metrics files are one configuration's
 * runs over several seeds, drawn as their mean and spread.
 *
 * @param label how charts and messages name the run: the argument without its file ending
 * @param seeds each metrics file's steps; one file unless the run is a directory
 */
record RunMetrics(String label, List<List<LoggedStep>> seeds) {
    /**
     * Reads the run {@code ref} names.
     *
     * @throws UserError when there is no such file, or a directory holds no metrics files
     */
    static RunMetrics read(String ref) {
        Path path = Path.of(ref);
        if (Files.isDirectory(path)) {
            List<Path> files = metricsFilesIn(path);
            if (files.isEmpty()) {
                throw new UserError(ref + ": holds no metrics files (*" + MetricsLog.SUFFIX + ")");
            }
            return new RunMetrics(ref, files.stream().map(MetricsLog::read).toList());
        }
        Path file = ref.endsWith(".safetensors") ? MetricsLog.besideCheckpoint(path) : path;
        if (!Files.exists(file)) {
            throw new UserError(file + ": no such file" + (file.equals(path) ? "" : " (the metrics of " + ref + ")"));
        }
        String label = ref.endsWith(MetricsLog.SUFFIX) ? ref.substring(0, ref.length() - MetricsLog.SUFFIX.length())
                : ref.replaceFirst("\\.safetensors$", "");
        return new RunMetrics(label, List.of(MetricsLog.read(file)));
    }

    private static List<Path> metricsFilesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(MetricsLog.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list the directory (" + IoReason.of(e) + ")");
        }
    }

    /** The names of every value any of its files logged, in the order first seen. */
    Set<String> metrics() {
        Set<String> names = new LinkedHashSet<>();
        seeds.forEach(steps -> steps.forEach(s -> names.addAll(s.values().keySet())));
        return names;
    }

    /**
     * The curve of {@code metric} against {@code x} ({@link MetricsLog#STEP}, or another logged
     * value such as wall time), over the steps that logged both; over several seeds, their mean
     * at each step every seed logged, with a band of one standard deviation, and x the seeds'
     * mean there. Empty when no step logged both.
     */
    Series series(String metric, String x) {
        Series values = meanByStep(metric, x);
        if (x.equals(MetricsLog.STEP)) {
            return values;
        }
        Series xs = meanByStep(x, metric);
        return new Series(label, xs.y(), values.y(), values.lower(), values.upper());
    }

    /** {@code value} against the step, at the steps that also logged {@code alsoLogged}, averaged over seeds. */
    private Series meanByStep(String value, String alsoLogged) {
        List<Series> runs = new ArrayList<>();
        for (List<LoggedStep> steps : seeds) {
            List<LoggedStep> logged = steps.stream()
                    .filter(s -> s.get(value).isPresent() && (alsoLogged.equals(MetricsLog.STEP) || s.get(alsoLogged).isPresent()))
                    .toList();
            if (!logged.isEmpty()) {
                runs.add(Series.of(label, logged.stream().mapToDouble(LoggedStep::step).toArray(),
                        logged.stream().mapToDouble(s -> s.get(value).getAsDouble()).toArray()));
            }
        }
        return runs.size() < seeds.size() ? Series.of(label, new double[0], new double[0]) : SeedSpread.of(label, runs);
    }
}
