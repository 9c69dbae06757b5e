package io.rnnc.spark;

import org.apache.spark.Partitioner;

/** Sends each record to the partition its key names. */
final class NumberedPartitioner extends Partitioner {
    private final int partitions;

    NumberedPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumberedPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
