package io.rnnc.spark;

import io.rnnc.runtime.data.TsvPairs;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * A task's data as Spark read it: the training part dealt out to the partitions, how the
 * checkpoint reads data again (vocabularies, labels, columns, standardisation, under the names
 * `rnnc train` keeps them), and the held-out part, which the driver evaluates on.
 *
 * @param encoders what the checkpoint keeps to read data again, by name
 * @param shards the partitions' training data, one shard a partition
 * @param stepsPerEpoch the steps of one pass over the training data
 * @param heldOut the held-out part as the text of a file of the task's format (its header line first,
 *     where {@code heldOutHeader}), or null
 * @param heldOutHeader whether {@code heldOut} starts with a header line: yes, no, or as detected
 * @param sourceSize an encoder-decoder's source features per step; 0 for other models
 * @param summary what was read, as one line
 */
record Corpus(Map<String, String> encoders, JavaRDD<Shard> shards, int stepsPerEpoch, String heldOut,
              TsvPairs.Header heldOutHeader, int sourceSize, String summary) {
}
