package io.rnnc.spark;

import com.google.gson.Gson;
import io.rnnc.cli.TaskInput;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.data.CsvTable;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.DateTimes;
import io.rnnc.runtime.data.SeriesWindows;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.TimeSeries;
import io.rnnc.runtime.data.TsvPairs;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A time series read with Spark from CSV files, as `rnnc train --task regress` reads one: a
 * header said or detected, a date/time column as the time axis, the input columns (`--columns`,
 * with the `--target` columns) as numbers, every column standardised with the mean and
 * deviation of the training rows, the last part held out (or the `--valid` files); the training
 * windows (`--steps` rows, one every `--stride`) dealt out to the partitions in contiguous runs,
 * each partition holding the rows its windows and their targets read, whole.
 */
final class SeriesCorpus {
    /** Forecasting needs at least this many rows to train on, as on one machine. */
    private static final int LEAST_ROWS = 20;
    /** Where the checkpoint keeps the columns, the targets and the standardisation (the cli's names). */
    private static final String COLUMNS = "columns";
    private static final String TARGETS = "targets";
    private static final String SCALING = "input_scaling";

    /** One row: its number among the rows, its line in the files (from 1), its fields. */
    private record Row(long index, long line, String[] fields) implements Serializable {
    }

    /** The columns a run reads, by their place among the file's. */
    private record Columns(List<String> names, int[] places, int[] targets, int time) implements Serializable {
    }

    private SeriesCorpus() {
    }

    /**
     * Reads {@code data}'s files (one series, its rows in the files' order).
     *
     * @param saved the encoders of a resumed run, or empty to choose and fit them
     * @param steps the windows' length
     */
    static Corpus read(JavaSparkContext sc, RunConfig.Data data, Map<String, String> saved, int partitions, int batch,
                       int steps, long seed) {
        String paths = data.file();
        JavaRDD<Row> lines = sc.textFile(paths).zipWithIndex().filter(t -> !t._1().isBlank())
                .map(t -> new Row(-1, t._2() + 1, CsvTable.fields(t._1(), paths + ":" + (t._2() + 1)))).zipWithIndex()
                .map(t -> new Row(t._2(), t._1().line(), t._1().fields()));
        if (lines.isEmpty()) {
            throw new DataException(paths + ": is empty");
        }
        String[] first = lines.first().fields();
        TsvPairs.Header header = TaskInput.header(data.header());
        boolean named = header == TsvPairs.Header.YES
                || header == TsvPairs.Header.AUTO && CsvTable.looksLikeHeader(List.of(first));
        List<String> names = named ? Arrays.stream(first).map(String::strip).toList()
                : IntStream.rangeClosed(1, first.length).mapToObj(Integer::toString).toList();
        JavaRDD<Row> rows = named ? lines.filter(r -> r.index() > 0).map(r -> new Row(r.index() - 1, r.line(), r.fields()))
                : lines;
        checkWidths(rows, names.size(), named, paths);
        Columns columns = columns(rows, names, data, saved, paths);
        Remedy remedy = data.columns() == null ? Remedy.CHOSEN_COLUMNS : null;
        JavaRDD<Tuple2<Long, double[]>> values = rows.map(r -> new Tuple2<>(r.index(), numbers(r, columns, names, remedy,
                paths)));
        long n = values.count();
        if (n < LEAST_ROWS) {
            throw new DataException(paths + ": has " + n + " rows; forecasting needs at least " + LEAST_ROWS);
        }
        long cut = data.valid() != null ? n : n - (long) Math.floor(n * data.split());
        if (cut - 1 < data.horizon()) {
            throw new DataException(paths + ": the " + cut + " rows to train on are too few to forecast "
                    + data.horizon() + " steps ahead");
        }
        Standardizer scaling = saved.containsKey(SCALING) ? Standardizer.fromJson(saved.get(SCALING), paths)
                : Moments.standardizer(values.filter(t -> t._1() < cut).map(Tuple2::_2));
        List<int[]> windows = SeriesWindows.trainingWindows(steps, data.stride(), data.horizon(), (int) cut - 1);
        JavaRDD<Shard> shards = shards(values, scaling, columns.targets(), windows, data.horizon(), partitions, batch,
                seed);
        Map<String, String> encoders = new LinkedHashMap<>();
        encoders.put(COLUMNS, new Gson().toJson(columns.names()));
        encoders.put(TARGETS, new Gson().toJson(Arrays.stream(columns.targets()).mapToObj(columns.names()::get).toList()));
        encoders.put(SCALING, scaling.toJson());
        String heldOut;
        TsvPairs.Header heldOutHeader;
        if (data.valid() != null) {
            heldOut = String.join("\n", sc.textFile(data.valid()).collect()) + "\n";
            heldOutHeader = header;
        } else {
            List<String> tail = rows.filter(r -> r.index() >= cut).sortBy(Row::index, true, 1)
                    .map(r -> CSVFormat.RFC4180.format((Object[]) r.fields())).collect();
            heldOut = tail.isEmpty() ? null : (named ? CSVFormat.RFC4180.format(names.toArray()) + "\n" : "")
                    + String.join("\n", tail) + "\n";
            heldOutHeader = named ? TsvPairs.Header.YES : TsvPairs.Header.NO;
        }
        String summary = String.format("data: %d rows, %d trained on in %d windows, %d held out; reading %s, "
                + "standardised on the training rows; %sforecasting %s", n, cut, windows.size(), n - cut,
                String.join(", ", columns.names()), columns.time() < 0 ? "" : "time: `" + names.get(columns.time()) + "`; ",
                String.join(", ", Arrays.stream(columns.targets()).mapToObj(t -> "`" + columns.names().get(t) + "`").toList()));
        return new Corpus(encoders, shards, (windows.size() + batch - 1) / batch, heldOut, heldOutHeader, 0, summary);
    }

    private static void checkWidths(JavaRDD<Row> rows, int width, boolean named, String paths) {
        List<Row> wrong = rows.filter(r -> r.fields().length != width).take(1);
        if (!wrong.isEmpty()) {
            throw new DataException(paths + ":" + wrong.get(0).line() + ": has " + wrong.get(0).fields().length
                    + " fields, but " + (named ? "the header names " : "the first row has ") + width
                    + "; give every row one field per column");
        }
    }

    /** The columns read and forecast, as one machine chooses them: saved, or given, or all but the time axis. */
    private static Columns columns(JavaRDD<Row> rows, List<String> names, RunConfig.Data data, Map<String, String> saved,
                                   String paths) {
        int width = names.size();
        // Per column: whether every field is a number, and whether every field is a date or time.
        boolean[][] kinds = rows.map(r -> {
            boolean[][] k = new boolean[2][width];
            for (int c = 0; c < width; c++) {
                k[0][c] = CsvTable.isNumber(r.fields()[c]);
                k[1][c] = DateTimes.isDateTime(r.fields()[c]);
            }
            return k;
        }).reduce((a, b) -> {
            for (int c = 0; c < width; c++) {
                a[0][c] &= b[0][c];
                a[1][c] &= b[1][c];
            }
            return a;
        });
        int time = IntStream.range(0, width).filter(c -> !kinds[0][c] && kinds[1][c]).findFirst().orElse(-1);
        List<String> targetNames = saved.containsKey(TARGETS) ? list(saved.get(TARGETS))
                : data.target() == null ? null : Arrays.stream(data.target().split(",")).map(String::strip).toList();
        List<String> chosen = saved.containsKey(COLUMNS) ? list(saved.get(COLUMNS)) : TimeSeries.withTargets(data.columns(), targetNames);
        List<Integer> places = new ArrayList<>();
        if (chosen == null) {
            IntStream.range(0, width).filter(c -> c != time).forEach(places::add);
        } else {
            for (String name : chosen) {
                int c = names.indexOf(name);
                if (c < 0) {
                    throw new DataException(paths + ": has no column `" + name + "`; its columns are "
                            + String.join(", ", names));
                }
                if (c == time) {
                    throw new DataException(paths + ": column `" + name + "` holds dates and times, the time axis; "
                            + "it cannot be an input");
                }
                places.add(c);
            }
        }
        if (places.isEmpty()) {
            throw new DataException(paths + ": has no column of numbers besides the time column `" + names.get(time) + "`");
        }
        List<String> read = places.stream().map(names::get).toList();
        int[] targets = targetNames == null ? new int[] {read.size() - 1} : targetNames.stream().mapToInt(name -> {
            int i = read.indexOf(name);
            if (i < 0) {
                throw new DataException(paths + ": has no input column `" + name + "` to forecast; its columns are "
                        + String.join(", ", read));
            }
            return i;
        }).toArray();
        return new Columns(read, places.stream().mapToInt(Integer::intValue).toArray(), targets, time);
    }

    private static List<String> list(String json) {
        return Arrays.asList(new Gson().fromJson(json, String[].class));
    }

    /** A row's values of the columns read; bad input names the line and the column. */
    private static double[] numbers(Row r, Columns columns, List<String> names, Remedy remedy, String paths) {
        double[] out = new double[columns.places().length];
        for (int k = 0; k < out.length; k++) {
            out[k] = CsvTable.number(r.fields()[columns.places()[k]], names.get(columns.places()[k]),
                    paths + ":" + r.line(), remedy);
        }
        return out;
    }

    /**
     * The partitions: windows {@code [firstOf(p), firstOf(p + 1))} to partition p, with the rows
     * from its first window's start to its last window's end and horizon (a row two partitions'
     * windows read goes to both).
     */
    private static JavaRDD<Shard> shards(JavaRDD<Tuple2<Long, double[]>> values, Standardizer scaling, int[] targets,
                                         List<int[]> windows, int horizon, int partitions, int batch, long seed) {
        int total = windows.size();
        // The runtime's standardisation is not serializable: its JSON travels.
        String scalingJson = scaling.toJson();
        long[] from = new long[partitions];
        long[] to = new long[partitions];
        for (int p = 0; p < partitions; p++) {
            int w0 = ExampleShard.firstOf(p, total, partitions);
            int w1 = ExampleShard.firstOf(p + 1, total, partitions);
            from[p] = w0 < w1 ? windows.get(w0)[0] : 0;
            to[p] = w0 < w1 ? windows.get(w1 - 1)[1] + horizon : -1;
        }
        return values.flatMapToPair(t -> {
            List<Tuple2<Integer, Tuple2<Long, double[]>>> out = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                if (t._1() >= from[p] && t._1() <= to[p]) {
                    out.add(new Tuple2<>(p, t));
                }
            }
            return out.iterator();
        }).partitionBy(new NumberedPartitioner(partitions)).mapPartitionsWithIndex((p, it) -> {
            int w0 = ExampleShard.firstOf(p, total, partitions);
            int w1 = ExampleShard.firstOf(p + 1, total, partitions);
            Examples examples = examples(it, Standardizer.fromJson(scalingJson, "the run's standardisation"), targets,
                    windows.subList(w0, w1), from[p], horizon);
            return List.<Shard>of(new ExampleShard(p, w0, examples, total, batch, seed)).iterator();
        }, true);
    }

    private static Examples examples(Iterator<Tuple2<Integer, Tuple2<Long, double[]>>> it, Standardizer scaling,
                                     int[] targets, List<int[]> windows, long first, int horizon) {
        List<Tuple2<Long, double[]>> held = new ArrayList<>();
        it.forEachRemaining(t -> held.add(t._2()));
        held.sort(Comparator.comparingLong(Tuple2::_1));
        double[][] rows = new double[held.size()][];
        double[][] y = new double[rows.length][targets.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = scaling.apply(held.get(i)._2());
            for (int j = 0; j < targets.length; j++) {
                y[i][j] = rows[i][targets[j]];
            }
        }
        List<int[]> shifted = windows.stream().map(w -> new int[] {(int) (w[0] - first), (int) (w[1] - first)}).toList();
        return new SeriesExamples(rows, y, horizon, new ArrayList<>(shifted));
    }
}
