package io.rnnc.spark;

import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Labelled sequences read with Spark, as `rnnc train --task classify` reads a TSV file of
 * `label<TAB>text` lines: blank lines skipped, every (1/F)-th example held out, the labels and
 * the vocabulary of every line; the training examples dealt out to the partitions in
 * contiguous runs, in file order.
 */
final class LabelledCorpus {
    private static final String FORM = "label<TAB>text";

    private LabelledCorpus() {
    }

    /** What was read: the encoders, the partitions, and how many examples there were and are trained on. */
    record Read(Vocabulary vocabulary, LabelEncoder labels, JavaRDD<Shard> shards, long examples, int trained) {
    }

    /** One training example: its number among them, its label and its text. */
    private record Example(long index, String label, String text) implements Serializable {
    }

    /**
     * Reads {@code paths} (files, directories or globs, comma-separated, compressed or not).
     *
     * @param savedVocabulary the vocabulary of a resumed run, or null to build one
     * @param savedLabels its labels, or null
     * @param header whether the first line names the columns
     * @param split the fraction held out
     */
    static Read read(JavaSparkContext sc, String paths, Vocabulary.Level level, Vocabulary savedVocabulary,
                     LabelEncoder savedLabels, boolean header, double split, int partitions, int batch, long seed) {
        JavaRDD<Example> all = sc.textFile(paths).filter(l -> !l.isBlank()).zipWithIndex()
                .filter(t -> !header || t._2() > 0)
                .map(t -> example(t._2() - (header ? 1 : 0), t._1(), paths));
        LabelEncoder labels = savedLabels != null ? savedLabels
                : LabelEncoder.fit(all.map(Example::label).distinct().collect());
        Vocabulary vocabulary = savedVocabulary != null ? savedVocabulary
                : Vocabulary.of(new HashSet<>(all.flatMap(e -> Vocabulary.tokens(e.text(), level).iterator())
                        .distinct().collect()), level);
        long examples = all.count();
        int trained = (int) (examples - (long) Math.floor(examples * split));
        if (trained < 1) {
            throw new DataException(paths + ": has no examples to train on");
        }
        Broadcast<String> vocab = sc.broadcast(vocabulary.toJson());
        Broadcast<String> classes = sc.broadcast(labels.toJson());
        int size = vocabulary.size();
        JavaRDD<Shard> shards = all.filter(e -> !isHeldOut(e.index(), split))
                .mapToPair(e -> {
                    long j = e.index() - (long) Math.floor(e.index() * split);
                    return new Tuple2<>(partitionOf(j, trained, partitions), new Example(j, e.label(), e.text()));
                })
                .partitionBy(new NumberedPartitioner(partitions))
                .mapPartitionsWithIndex((p, it) -> List.<Shard>of(shard(p, it, vocab.value(), classes.value(), paths,
                        size, trained, partitions, batch, seed)).iterator(), true);
        return new Read(vocabulary, labels, shards, examples, trained);
    }

    /** Whether example {@code i} is held out: where floor((i+1)·F) steps up, as `rnnc train` holds out lines. */
    static boolean isHeldOut(long i, double fraction) {
        return Math.floor((i + 1) * fraction) > Math.floor(i * fraction);
    }

    private static Example example(long index, String line, String where) {
        String[] parts = line.split("\t", 2);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isEmpty()) {
            throw new DataException(where + ": example " + (index + 1) + " is not `" + FORM + "`: " + line);
        }
        return new Example(index, parts[0], parts[1]);
    }

    /** The partition of training example {@code j} of {@code n}: contiguous runs, as even as can be. */
    private static int partitionOf(long j, int n, int partitions) {
        return (int) (((j + 1) * partitions - 1) / n);
    }

    private static Shard shard(int partition, Iterator<Tuple2<Integer, Example>> it, String vocabularyJson,
                               String labelsJson, String where, int size, int total, int partitions, int batch,
                               long seed) {
        List<Example> examples = new ArrayList<>();
        it.forEachRemaining(t -> examples.add(t._2()));
        examples.sort(Comparator.comparingLong(Example::index));
        Vocabulary vocabulary = Vocabulary.fromJson(vocabularyJson, where);
        LabelEncoder labels = LabelEncoder.fromJson(labelsJson, where);
        List<int[]> inputs = new ArrayList<>();
        int[] ids = new int[examples.size()];
        for (int i = 0; i < ids.length; i++) {
            inputs.add(vocabulary.encode(examples.get(i).text(), where));
            ids[i] = labels.encode(examples.get(i).label(), where);
        }
        int first = (int) ((long) partition * total / partitions);
        return new ExampleShard(partition, first, inputs, ids, size, total, batch, seed);
    }
}
