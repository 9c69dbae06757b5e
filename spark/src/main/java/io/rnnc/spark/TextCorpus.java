package io.rnnc.spark;

import io.rnnc.cli.TaskInput;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A language model's text read with Spark, as `rnnc train` reads one file: the lines of the
 * files in order, each ending in a newline; the vocabulary of every token (of the `--valid`
 * files' too); the last part held out, or the `--valid` files; the rest cut into B streams of
 * equal length, and the streams dealt out to the partitions in contiguous slices, each
 * partition holding whole streams.
 */
final class TextCorpus {
    /** Where the checkpoint keeps the vocabulary (the cli's name). */
    private static final String VOCABULARY = "vocabulary";

    private TextCorpus() {
    }

    /** A piece of a line's tokens within one stream, at its position in the whole text. */
    private record Piece(long position, int[] ids) implements Serializable {
    }

    /**
     * Reads {@code data}'s files (files, directories or globs, comma-separated, compressed or not,
     * any file system Spark reads) and its `--valid` files.
     *
     * @param saved the encoders of a resumed run, or empty to build them
     * @param streams B, the streams of a global batch
     */
    static Corpus read(JavaSparkContext sc, RunConfig.Data data, Map<String, String> saved, int streams,
                       int partitions, int k1, int k2) {
        if (streams < partitions) {
            throw new DataException("--batch " + streams + " is fewer streams than the " + partitions
                    + " partitions; each partition reads whole streams");
        }
        String paths = data.file();
        Vocabulary.Level level = TaskInput.level(data.level());
        JavaRDD<String> lines = sc.textFile(paths).map(line -> line + "\n");
        JavaRDD<String> valid = data.valid() == null ? null : sc.textFile(data.valid()).map(line -> line + "\n");
        JavaRDD<String> all = valid == null ? lines : lines.union(valid);
        Vocabulary vocabulary = saved.containsKey(VOCABULARY) ? Vocabulary.fromJson(saved.get(VOCABULARY), paths)
                : Vocabulary.of(new HashSet<>(all.flatMap(l -> Vocabulary.tokens(l, level).iterator()).distinct()
                        .collect()), level);
        JavaRDD<int[]> encoded = Encoding.encoded(sc, lines, vocabulary, paths);
        List<Long> counts = encoded.mapPartitions(it -> {
            long n = 0;
            while (it.hasNext()) {
                n += it.next().length;
            }
            return List.of(n).iterator();
        }).collect();
        long[] offsets = new long[counts.size()];
        long tokens = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = tokens;
            tokens += counts.get(i);
        }
        double split = valid == null ? data.split() : 0;
        long trained = tokens - (long) Math.floor(tokens * split);
        long length = trained / streams;
        if (length < 2) {
            throw new DataException(paths + ": has " + trained + " tokens to train on, too few for " + streams
                    + " streams of at least 2; use a smaller --batch or more text");
        }
        int[] partitionOf = partitionsOfStreams(streams, partitions);
        long used = length * streams;
        JavaPairRDD<Integer, Piece> pieces = encoded.mapPartitionsWithIndex((index, it) -> {
            List<Tuple2<Integer, Piece>> out = new ArrayList<>();
            long position = offsets[index];
            while (it.hasNext()) {
                int[] ids = it.next();
                int from = 0;
                while (from < ids.length && position + from < used) {
                    long at = position + from;
                    int end = (int) Math.min(ids.length, from + (length - at % length));
                    out.add(new Tuple2<>(partitionOf[(int) (at / length)], new Piece(at, Arrays.copyOfRange(ids, from, end))));
                    from = end;
                }
                position += ids.length;
            }
            return out.iterator();
        }, true).mapToPair(t -> t);
        int size = vocabulary.size();
        int streamLength = (int) length;
        JavaRDD<Shard> shards = pieces.partitionBy(new NumberedPartitioner(partitions))
                .mapPartitionsWithIndex((p, it) -> List.<Shard>of(shard(p, it, partitionOf, streamLength, size, k1, k2))
                        .iterator(), true);
        String heldOut = valid != null ? String.join("", valid.collect())
                : trained == tokens ? null : vocabulary.decode(tail(encoded, offsets, trained));
        String summary = String.format("data: %d tokens, %d trained on in %d streams of %d; %d distinct", tokens, trained,
                streams, streamLength, size);
        return new Corpus(Map.of(VOCABULARY, vocabulary.toJson()), shards, (int) ((length - 1 + k1 - 1) / k1), heldOut,
                TsvPairs.Header.NO, 0, summary);
    }

    /** The ids of the text from token {@code from} on, in order: the held-out part, which the driver evaluates on. */
    private static int[] tail(JavaRDD<int[]> encoded, long[] offsets, long from) {
        List<int[]> pieces = encoded.mapPartitionsWithIndex((index, it) -> {
            List<int[]> out = new ArrayList<>();
            long position = offsets[index];
            while (it.hasNext()) {
                int[] ids = it.next();
                if (position + ids.length > from) {
                    out.add(Arrays.copyOfRange(ids, (int) Math.max(0, from - position), ids.length));
                }
                position += ids.length;
            }
            return out.iterator();
        }, true).collect();
        return pieces.stream().flatMapToInt(Arrays::stream).toArray();
    }

    /** The partition of each stream: contiguous slices, as even as can be. */
    static int[] partitionsOfStreams(int streams, int partitions) {
        int[] of = new int[streams];
        for (int p = 0; p < partitions; p++) {
            for (int b = (int) ((long) p * streams / partitions); b < (long) (p + 1) * streams / partitions; b++) {
                of[b] = p;
            }
        }
        return of;
    }

    private static Shard shard(int partition, Iterator<Tuple2<Integer, Piece>> it, int[] partitionOf, int length,
                               int vocabulary, int k1, int k2) {
        List<Piece> pieces = new ArrayList<>();
        it.forEachRemaining(t -> pieces.add(t._2()));
        pieces.sort(Comparator.comparingLong(Piece::position));
        int streams = (int) Arrays.stream(partitionOf).filter(p -> p == partition).count();
        int[] tokens = new int[streams * length];
        int n = 0;
        for (Piece piece : pieces) {
            System.arraycopy(piece.ids(), 0, tokens, n, piece.ids().length);
            n += piece.ids().length;
        }
        int firstStream = (int) Arrays.stream(partitionOf).takeWhile(p -> p != partition).count();
        return new StreamShard(partition, tokens, streams, firstStream, vocabulary, k1, k2);
    }
}
