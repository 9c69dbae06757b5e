package io.rnnc.cli;

import com.google.gson.GsonBuilder;
import io.rnnc.runtime.train.Metrics;
import java.util.List;
import java.util.Map;

/**
 * What `rnnc compare` found, as data: for each data file, a record per cell with each seed's
 * run and the summaries the table shows. The table, the plots, `results.json` and the report
 * all read these records.
 *
 * @param task the task every run learned
 * @param metric the task's metric, by name
 * @param higherIsBetter whether a higher metric is better
 * @param targetLoss the held-out loss whose first step is counted, or null
 * @param baseline what the task's baseline does (always the commonest label, …), or null for none
 * @param data one result per data file, in the order given
 */
record Comparison(String task, String metric, boolean higherIsBetter, Double targetLoss, String baseline,
                  List<DataResult> data) {
    /**
     * One seed's run of a cell.
     *
     * @param seed the run's seed
     * @param metrics its held-out evaluation at the end (of the best step, with early stopping)
     * @param steps the steps it trained
     * @param msPerStep the median milliseconds of a training step
     * @param stepsToTarget the first step whose held-out loss was at or below the target, or null
     * @param metricsFile its metrics file
     */
    record Run(long seed, Map<String, Double> metrics, long steps, double msPerStep, Long stepsToTarget,
               String metricsFile) {
        Run {
            metrics = Map.copyOf(metrics);
        }

        static Run of(long seed, Metrics m, long steps, double msPerStep, Long stepsToTarget, String metricsFile) {
            return new Run(seed, m.values(), steps, msPerStep, stepsToTarget, metricsFile);
        }
    }

    /**
     * A value over seeds: the mean and the sample standard deviation (0 for one seed); NaN
     * where no seed has it.
     */
    record Spread(double mean, double spread, int seeds) {
        static Spread of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).toArray();
            if (v.length == 0) {
                return new Spread(Double.NaN, Double.NaN, 0);
            }
            double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
            double squares = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum();
            return new Spread(mean, v.length > 1 ? Math.sqrt(squares / (v.length - 1)) : 0, v.length);
        }
    }

    /**
     * One cell on one data file, over seeds.
     *
     * @param label how the table names the cell
     * @param cell the cell as given ({@code stdlib:gru}, {@code mine.rnn})
     * @param hidden its H
     * @param parameters the model's trainable values
     * @param runs one per seed
     * @param loss the held-out loss over seeds
     * @param metric the task's metric over seeds
     * @param msPerStep the median over seeds of each run's median step time
     * @param stepsToTarget the steps to reach the target loss, over the seeds that reached it
     */
    record CellResult(String label, String cell, int hidden, long parameters, List<Run> runs, Spread loss, Spread metric,
                      double msPerStep, Spread stepsToTarget) {
        /** The summaries of {@code runs} by the metric named {@code metric}. */
        static CellResult of(String label, String cell, int hidden, long parameters, List<Run> runs, String metric) {
            double[] ms = runs.stream().mapToDouble(Run::msPerStep).sorted().toArray();
            double median = ms.length == 0 ? Double.NaN
                    : ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
            return new CellResult(label, cell, hidden, parameters, List.copyOf(runs),
                    Spread.of(runs.stream().map(r -> value(r, "loss")).toList()),
                    Spread.of(runs.stream().map(r -> value(r, metric)).toList()), median,
                    Spread.of(runs.stream().filter(r -> r.stepsToTarget() != null)
                            .map(r -> (double) r.stepsToTarget()).toList()));
        }

        private static double value(Run r, String name) {
            Double v = r.metrics().get(name);
            return v == null ? Double.NaN : v;
        }
    }

    /**
     * Every cell on one data file.
     *
     * @param label how tables and files name it: the file's name without its ending
     * @param file the file as given
     * @param cells a result per cell, in the order given
     * @param baseline the task's baseline's metric on the held-out data, or null
     */
    record DataResult(String label, String file, List<CellResult> cells, Double baseline) {
    }

    /** The comparison as JSON, for `results.json`. */
    String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(this);
    }
}
