package io.rnnc.spark;

import io.rnnc.runtime.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/** Texts turned into token ids on the executors, with a vocabulary sent to them once as JSON. */
final class Encoding {
    private Encoding() {
    }

    /**
     * The ids of every text of {@code texts}.
     *
     * @param where names the data in an error about a token the vocabulary lacks
     */
    static JavaRDD<int[]> encoded(JavaSparkContext sc, JavaRDD<String> texts, Vocabulary vocabulary, String where) {
        Broadcast<String> json = sc.broadcast(vocabulary.toJson());
        return texts.mapPartitions(it -> {
            Vocabulary v = Vocabulary.fromJson(json.value(), where);
            List<int[]> out = new ArrayList<>();
            it.forEachRemaining(text -> out.add(v.encode(text, where)));
            return out.iterator();
        });
    }
}
