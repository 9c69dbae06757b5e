package io.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written by PyTorch through the reference Python writer reads as expected. */
class OracleFileTest {

    private static Safetensors.Contents contents;

    @BeforeAll
    static void readOracle() throws Exception {
        URL url = OracleFileTest.class.getResource("/cases/rnn_tanh_basic.safetensors");
        assertNotNull(url, "test resource cases/rnn_tanh_basic.safetensors is missing");
        contents = Safetensors.read(Path.of(url.toURI()));
    }

    @Test
    void shapes() {
        Map<String, int[]> expected = Map.of(
                "x", new int[] {7, 2, 3},
                "weight_ih_l0", new int[] {5, 3},
                "weight_hh_l0", new int[] {5, 5},
                "bias_ih_l0", new int[] {5},
                "h0", new int[] {1, 2, 5});
        expected.forEach((name, shape) -> assertArrayEquals(shape, contents.tensors().get(name).shape(), name));
    }

    @Test
    void everyTensorIsF64InFileOrder() {
        assertEquals(List.of("bias_hh_l0", "bias_ih_l0", "dhn", "dy", "grad_bias_hh_l0", "grad_bias_ih_l0", "grad_h0",
                "grad_weight_hh_l0", "grad_weight_ih_l0", "grad_x", "h0", "hn", "weight_hh_l0", "weight_ih_l0", "x", "y"),
                List.copyOf(contents.tensors().keySet()));
        assertTrue(contents.dtypes().values().stream().allMatch(t -> t == DType.F64));
    }

    @Test
    void metadata() {
        assertEquals("stdlib:rnn_tanh", contents.metadata().get("cell"));
        assertEquals("7", contents.metadata().get("steps"));
    }

    @Test
    void valuesAreExact() {
        Tensor x = contents.tensors().get("x");
        assertEquals(0x1.acdeebba76c45p-2, x.get(0, 0, 0));
        assertEquals(-0x1.4fb45b6bb3008p-3, x.get(6, 1, 2));
        assertEquals(0x1.432bc179bcbfep-2, contents.tensors().get("weight_ih_l0").get(0, 0));
        assertEquals(0x1.f48ce1219b583p-3, contents.tensors().get("bias_ih_l0").get(4));
    }

    @Test
    void survivesRewriting(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("copy.safetensors");
        Safetensors.write(copy, contents.tensors(), contents.metadata(), DType.F64);
        Safetensors.Contents back = Safetensors.read(copy);
        assertEquals(contents.metadata(), back.metadata());
        contents.tensors().forEach((name, t) -> assertArrayEquals(t.data(), back.tensors().get(name).data(), name));
    }
}
