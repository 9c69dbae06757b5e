package io.rnnc.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rowMajorIndexing() {
        Tensor t = new Tensor(new int[] {2, 3}, new double[] {0, 1, 2, 3, 4, 5});
        assertEquals(5, t.get(1, 2));
        assertEquals(3, t.get(1, 0));
        t.set(9, 0, 1);
        assertEquals(9, t.data()[1]);
        assertEquals(2, t.rank());
        assertEquals(3, t.dim(1));
        assertEquals(6, t.size());
        assertEquals("[2, 3]", t.shapeString());
    }

    @Test
    void scalarAndEmpty() {
        Tensor scalar = Tensor.zeros();
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.size());
        scalar.set(4);
        assertEquals(4, scalar.get());
        assertEquals("[]", scalar.shapeString());
        assertEquals(0, Tensor.zeros(3, 0).size());
    }

    @Test
    void shapeIsCopiedButDataIsLive() {
        int[] shape = {2};
        double[] data = {1, 2};
        Tensor t = new Tensor(shape, data);
        shape[0] = 5;
        t.shape()[0] = 7;
        assertArrayEquals(new int[] {2}, t.shape());
        assertSame(data, t.data());
    }

    @Test
    void copyIsIndependent() {
        Tensor t = Tensor.zeros(2);
        Tensor c = t.copy();
        c.set(1, 0);
        assertEquals(0, t.get(0));
        assertNotSame(t.data(), c.data());
    }

    @Test
    void rejectsBadShapesAndIndices() {
        assertThrows(IllegalArgumentException.class, () -> new Tensor(new int[] {2, 2}, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(-1));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65536, 65536));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(65536, 65536, 65536, 65536, 65536, 1));
        Tensor t = Tensor.zeros(2, 2);
        assertThrows(IllegalArgumentException.class, () -> t.get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(-1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.dim(2));
    }
}
