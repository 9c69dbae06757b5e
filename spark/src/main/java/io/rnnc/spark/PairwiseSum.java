package io.rnnc.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums the partitions' gradients over a fixed binary tree of partition numbers, whatever order
 * Spark's {@code treeAggregate} hands them over in: a node's sum is formed only once both its
 * children are there, and a pair's sum is the same either way round, so every run with the same
 * partitions adds the same numbers in the same order and gets the same bits, even when tasks
 * were retried or finished in another order. Partial sums wait under their tree node.
 */
final class PairwiseSum implements Serializable {
    private final int leaves;
    /** Sums not yet paired with their sibling, by {@code level << 32 | index}. */
    private final TreeMap<Long, GradientPart> pending = new TreeMap<>();

    /** @param leaves the number of partitions */
    PairwiseSum(int leaves) {
        if (leaves < 1) {
            throw new IllegalArgumentException("a sum needs at least one partition");
        }
        this.leaves = leaves;
    }

    /** Adds partition {@code partition}'s part. */
    PairwiseSum with(int partition, GradientPart part) {
        put(0, partition, part);
        return this;
    }

    /** Adds everything {@code other} holds (Spark's combining step). */
    PairwiseSum merge(PairwiseSum other) {
        for (Map.Entry<Long, GradientPart> e : other.pending.entrySet()) {
            put((int) (e.getKey() >>> 32), (int) (long) e.getKey(), e.getValue());
        }
        return this;
    }

    /** The sum over every partition. */
    GradientPart total() {
        int root = 0;
        while (width(root) > 1) {
            root++;
        }
        GradientPart sum = pending.get(key(root, 0));
        if (sum == null || pending.size() != 1) {
            throw new IllegalStateException("the sum lacks partitions: it holds " + pending.keySet());
        }
        return sum;
    }

    private void put(int level, int index, GradientPart part) {
        while (width(level) > 1) {
            int sibling = index ^ 1;
            if (sibling < width(level)) {
                GradientPart other = pending.remove(key(level, sibling));
                if (other == null) {
                    break;
                }
                part = part.plus(other);
            }
            level++;
            index /= 2;
        }
        if (pending.put(key(level, index), part) != null) {
            throw new IllegalStateException("partition sum " + level + "/" + index + " was given twice");
        }
    }

    /** Nodes at {@code level}: the partitions halved, rounding up, {@code level} times. */
    private int width(int level) {
        int w = leaves;
        for (int l = 0; l < level; l++) {
            w = (w + 1) / 2;
        }
        return w;
    }

    private static long key(int level, int index) {
        return (long) level << 32 | index;
    }
}
