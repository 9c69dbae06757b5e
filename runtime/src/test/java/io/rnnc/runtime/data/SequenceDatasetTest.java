package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceDatasetTest {
    private static final double[][] SHORT = {{1}, {2}};
    private static final double[][] LONG = {{3}, {4}, {5}};

    @Test
    void batchesArePaddedToTheLongestWithLengths() {
        Batch b = SequenceDataset.sequenceClasses(List.of(SHORT, LONG), List.of(1, 0)).batch(new int[] {1, 0});
        assertArrayEquals(new int[] {3, 2}, b.lengths());
        assertEquals(5.0, b.x()[2][0][0]);
        assertEquals(0.0, b.x()[2][1][0]);
        assertArrayEquals(new int[] {0, 1}, ((Targets.SequenceClasses) b.targets()).ids());
    }

    @Test
    void perStepClassTargetsMarkPaddingAsNotCounted() {
        Batch b = SequenceDataset.stepClasses(List.of(SHORT, LONG), List.of(new int[] {1, 1}, new int[] {2, 2, 2}))
                .batch(new int[] {0, 1});
        assertArrayEquals(new int[] {-1, 2}, ((Targets.StepClasses) b.targets()).ids()[2]);
    }

    @Test
    void inconsistentInputsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SequenceDataset.sequenceValues(List.<double[][]>of(SHORT, new double[][] {{1, 2}}),
                        List.of(new double[1], new double[1])));
        assertThrows(IllegalArgumentException.class, () -> SequenceDataset.sequenceClasses(List.<double[][]>of(SHORT), List.of(1, 2)));
    }
}
