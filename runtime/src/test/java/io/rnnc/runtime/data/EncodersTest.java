package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodersTest {
    @Test
    void labelsGetSortedIdsAndRoundTripThroughJson() {
        LabelEncoder e = LabelEncoder.fit(List.of("spam", "ham", "spam", "eggs"));
        assertEquals(3, e.size());
        assertEquals(0, e.encode("eggs", "t"));
        assertEquals("spam", e.decode(2));
        LabelEncoder back = LabelEncoder.fromJson(e.toJson(), "ckpt");
        assertEquals(1, back.encode("ham", "t"));
    }

    @Test
    void unknownLabelsAndBadJsonAreErrorsNamingTheSource() {
        LabelEncoder e = LabelEncoder.fit(List.of("a", "b"));
        assertEquals("data.tsv: label `c` is not one of the 2 the model knows (a, b); evaluate on examples of those "
                + "labels, or train a model that has it",
                assertThrows(DataException.class, () -> e.encode("c", "data.tsv")).getMessage());
        assertTrue(assertThrows(DataException.class, () -> LabelEncoder.fromJson("{", "m.safetensors")).getMessage()
                .startsWith("m.safetensors: "));
        assertTrue(assertThrows(DataException.class, () -> LabelEncoder.fromJson("[\"a\",\"a\"]", "m")).getMessage()
                .contains("twice"));
    }

    @Test
    void oneHotRows() {
        assertArrayEquals(new double[][] {{0, 1, 0}, {0, 0, 1}}, OneHot.sequence(new int[] {1, 2}, 3));
        assertThrows(IllegalArgumentException.class, () -> OneHot.sequence(new int[] {3}, 3));
    }
}
