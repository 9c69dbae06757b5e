package io.rnnc.spark;

import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * A language model's text read with Spark, as `rnnc train` reads one file: the lines of the
 * files in order, each ending in a newline; the vocabulary of every token; the last part held
 * out; the rest cut into B streams of equal length, and the streams dealt out to the partitions
 * in contiguous slices, each partition holding whole streams.
 */
final class TextCorpus {
    private TextCorpus() {
    }

    /** What was read: the vocabulary, the partitions' streams, and how many tokens there were. */
    record Read(Vocabulary vocabulary, JavaRDD<Shard> shards, long tokens, long trained, int streamLength) {
    }

    /** A piece of a line's tokens within one stream, at its position in the whole text. */
    private record Piece(long position, int[] ids) implements Serializable {
    }

    /**
     * Reads {@code paths} (files, directories or globs, comma-separated, compressed or not, any
     * file system Spark reads).
     *
     * @param saved the vocabulary of a resumed run, or null to build one
     * @param streams B, the streams of a global batch
     * @param split the fraction held out, from the end
     */
    static Read read(JavaSparkContext sc, String paths, Vocabulary.Level level, Vocabulary saved, int streams,
                     double split, int partitions, int k1, int k2) {
        if (streams < partitions) {
            throw new DataException("--batch " + streams + " is fewer streams than the " + partitions
                    + " partitions; each partition reads whole streams");
        }
        JavaRDD<String> lines = sc.textFile(paths).map(line -> line + "\n");
        Vocabulary vocabulary = saved != null ? saved
                : Vocabulary.of(new HashSet<>(lines.flatMap(l -> Vocabulary.tokens(l, level).iterator()).distinct()
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
        return new Read(vocabulary, shards, tokens, trained, streamLength);
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
        return new StreamShard(partition, tokens, streams, vocabulary, k1, k2);
    }
}
