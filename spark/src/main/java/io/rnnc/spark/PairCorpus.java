package io.rnnc.spark;

import io.rnnc.cli.TaskInput;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.data.CsvTable;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.NumberSequences;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.Vocabulary;
import java.io.PrintWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * A TSV file of pairs read with Spark, as `rnnc train` reads it for `classify`
 * ({@code label<TAB>sequence}), `value` ({@code value<TAB>sequence}) and `seq2seq` ({@code source<TAB>target}): blank lines skipped, a header
 * line said or detected, every (1/F)-th example held out (or a `--valid` file's); the sequences
 * read as text (a vocabulary of every line) or as numbers (standardised on the training lines);
 * the training examples dealt out to the partitions in contiguous runs, in file order.
 */
final class PairCorpus {
    /**
     * The tasks of pairs: how a line looks, whether its first field is a label that repeats (for
     * a header's detection), which field the model reads, and the checkpoint's names (the cli's).
     */
    enum Kind {
        CLASSIFY("label<TAB>text", true, false, "vocabulary", "input_scaling"),
        VALUE("value<TAB>sequence", false, false, "vocabulary", "input_scaling"),
        SEQ2SEQ("source<TAB>target", false, true, "source_vocabulary", "source_scaling");

        private final String form;
        private final boolean labelled;
        private final boolean readsFirst;
        private final String vocabularyKey;
        private final String scalingKey;

        Kind(String form, boolean labelled, boolean readsFirst, String vocabularyKey, String scalingKey) {
            this.form = form;
            this.labelled = labelled;
            this.readsFirst = readsFirst;
            this.vocabularyKey = vocabularyKey;
            this.scalingKey = scalingKey;
        }

        /** The sequence the model reads of a pair. */
        String input(Pair p) {
            return readsFirst ? p.first() : p.second();
        }
    }

    /** One example: its number among the file's examples, its two fields, and its file and line. */
    record Pair(long index, String first, String second, String where) implements Serializable {
        /** The pair as a line of the file. */
        String line() {
            return first + "\t" + second;
        }
    }

    /** Where classify keeps its labels, value the values' standardisation, and seq2seq the targets' vocabulary. */
    private static final String LABELS = "labels";
    private static final String VALUES = "target_scaling";
    private static final String TARGET = "target_vocabulary";

    private PairCorpus() {
    }

    /**
     * Reads {@code data}'s files (files, directories or globs, comma-separated, compressed or not)
     * and its `--valid` files.
     *
     * @param saved the encoders of a resumed run, or empty to fit them
     * @param err where a detected header line and sequences read as numbers are announced
     */
    static Corpus read(JavaSparkContext sc, RunConfig.Data data, Kind kind, Map<String, String> saved, int partitions,
                       int batch, long seed, PrintWriter err) {
        TsvPairs.Header header = TaskInput.header(data.header());
        JavaRDD<Pair> lines = pairs(sc, data.file(), kind, header, err);
        JavaRDD<Pair> valid = data.valid() == null ? null : pairs(sc, data.valid(), kind, header, err);
        double split = valid == null ? data.split() : 0;
        long examples = lines.count();
        int trained = (int) (examples - (long) Math.floor(examples * split));
        if (trained < 1) {
            throw new DataException(data.file() + ": has no examples to train on");
        }
        JavaRDD<Pair> training = lines.filter(p -> !isHeldOut(p.index(), split));
        Map<String, String> encoders = saved.isEmpty()
                ? fit(valid == null ? lines : lines.union(valid), training, kind, data, err) : saved;
        List<String> heldOut = (valid != null ? valid : lines.filter(p -> isHeldOut(p.index(), split)))
                .map(Pair::line).collect();
        Broadcast<Map<String, String>> sent = sc.broadcast(encoders);
        JavaRDD<Shard> shards = training.mapToPair(p -> {
            long j = p.index() - (long) Math.floor(p.index() * split);
            return new Tuple2<>(ExampleShard.partitionOf(j, trained, partitions),
                    new Pair(j, p.first(), p.second(), p.where()));
        }).partitionBy(new NumberedPartitioner(partitions)).mapPartitionsWithIndex((p, it) -> List.<Shard>of(
                new ExampleShard(p, ExampleShard.firstOf(p, trained, partitions), examples(it, kind, sent.value()),
                        trained, batch, seed)).iterator(), true);
        int sourceSize = kind == Kind.SEQ2SEQ ? SequenceReading.of(encoders, kind.vocabularyKey, kind.scalingKey).size() : 0;
        String summary = String.format("data: %d examples, %d trained on, %d held out%s", examples, trained,
                heldOut.size(), valid == null ? "" : " (" + data.valid() + ")");
        return new Corpus(encoders, shards, (trained + batch - 1) / batch,
                heldOut.isEmpty() ? null : String.join("\n", heldOut) + "\n", TsvPairs.Header.NO, sourceSize, summary);
    }

    /** Whether example {@code i} is held out: where floor((i+1)·F) steps up, as `rnnc train` holds out lines. */
    static boolean isHeldOut(long i, double fraction) {
        return Math.floor((i + 1) * fraction) > Math.floor(i * fraction);
    }

    /** The examples of {@code paths}, numbered from 0 in file order, a header line left out as {@code header} says. */
    private static JavaRDD<Pair> pairs(JavaSparkContext sc, String paths, Kind kind, TsvPairs.Header header,
                                       PrintWriter err) {
        JavaRDD<Pair> all = sc.textFile(paths).zipWithIndex().filter(t -> !t._1().isBlank())
                .map(t -> TsvPairs.pair(t._1(), paths + ":" + (t._2() + 1), kind.form)).zipWithIndex()
                .map(t -> new Pair(t._2(), t._1().first(), t._1().second(), t._1().where()));
        if (header == TsvPairs.Header.NO || all.isEmpty()) {
            return all;
        }
        Pair first = all.first();
        if (header == TsvPairs.Header.AUTO) {
            boolean repeats = kind.labelled && all.filter(p -> p.first().equals(first.first())).count() > 1;
            if (!TsvPairs.looksLikeHeader(first.first(), first.second(), kind.labelled, repeats)) {
                return all;
            }
            err.printf("rnnc: %s: `%s<TAB>%s` is read as a header naming the columns, not as an example; "
                    + "--header no reads it as data%n", first.where(), first.first(), first.second());
            err.flush();
        }
        return all.filter(p -> p.index() > 0).map(p -> new Pair(p.index() - 1, p.first(), p.second(), p.where()));
    }

    /** The encoders of a new run, as `rnnc train` fits them: of every pair read, numbers standardised on the training pairs. */
    private static Map<String, String> fit(JavaRDD<Pair> all, JavaRDD<Pair> training, Kind kind, RunConfig.Data data,
                                           PrintWriter err) {
        Map<String, String> out = new LinkedHashMap<>();
        TaskInput.Inputs inputs = TaskInput.Inputs.named(data.inputs());
        boolean numbers = inputs == TaskInput.Inputs.NUMBERS
                || inputs == TaskInput.Inputs.AUTO && all.filter(p -> !NumberSequences.is(kind.input(p))).isEmpty();
        if (numbers) {
            int width = NumberSequences.width(kind.input(all.first()));
            out.put(kind.scalingKey, Moments.standardizer(training.flatMap(p -> Arrays.asList(
                    NumberSequences.parse(kind.input(p), width, p.where())).iterator())).toJson());
            if (inputs == TaskInput.Inputs.AUTO) {
                err.printf("rnnc: every sequence is numbers: read as %d feature%s per step, standardised on the "
                        + "training lines; --inputs text reads them as text%n", width, width == 1 ? "" : "s");
                err.flush();
            }
        } else {
            out.put(kind.vocabularyKey, vocabulary(all.map(kind::input), TaskInput.level(data.level())).toJson());
        }
        switch (kind) {
            case CLASSIFY -> out.put(LABELS, LabelEncoder.fit(all.map(Pair::first).distinct().collect()).toJson());
            case VALUE -> out.put(VALUES, Moments.standardizer(training.map(p -> new double[] {value(p)})).toJson());
            case SEQ2SEQ -> out.put(TARGET, vocabulary(all.map(Pair::second), Vocabulary.Level.CHARACTER).toJson());
        }
        return out;
    }

    /** The value of a {@code value<TAB>sequence} line. */
    private static double value(Pair p) {
        String v = p.first().strip();
        if (!CsvTable.isNumber(v)) {
            throw new DataException(p.where() + ": `" + v + "` is not a finite number; expected `" + Kind.VALUE.form + "`");
        }
        return Double.parseDouble(v);
    }

    private static Vocabulary vocabulary(JavaRDD<String> texts, Vocabulary.Level level) {
        return Vocabulary.of(new HashSet<>(texts.flatMap(t -> Vocabulary.tokens(t, level).iterator()).distinct()
                .collect()), level);
    }

    private static Examples examples(Iterator<Tuple2<Integer, Pair>> it, Kind kind, Map<String, String> encoders) {
        List<Pair> pairs = new ArrayList<>();
        it.forEachRemaining(t -> pairs.add(t._2()));
        pairs.sort(Comparator.comparingLong(Pair::index));
        SequenceReading reading = SequenceReading.of(encoders, kind.vocabularyKey, kind.scalingKey);
        List<Sequence> inputs = new ArrayList<>();
        for (Pair p : pairs) {
            inputs.add(reading.read(kind.input(p), p.where()));
        }
        if (kind == Kind.CLASSIFY) {
            LabelEncoder labels = LabelEncoder.fromJson(encoders.get(LABELS), "the run's labels");
            return new LabelledExamples(inputs, reading.size(), pairs.stream()
                    .mapToInt(p -> labels.encode(p.first(), p.where())).toArray());
        }
        if (kind == Kind.VALUE) {
            Standardizer values = Standardizer.fromJson(encoders.get(VALUES), "the run's standardisation of values");
            return new ValueExamples(inputs, reading.size(), pairs.stream()
                    .map(p -> values.apply(new double[] {value(p)})).toList());
        }
        Vocabulary target = Vocabulary.fromJson(encoders.get(TARGET), "the run's target vocabulary");
        return new TranslationExamples(inputs, reading.size(),
                pairs.stream().map(p -> target.encode(p.second(), p.where())).toList(), target.size());
    }
}
