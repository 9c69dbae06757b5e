package io.rnnc.runtime.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An exported model's binary file gives back the model's description as written, every field
 * of every plan, and its parameters: float64 exactly, float32 rounded as a float32 layer rounds
 * them; a cut or foreign file is one sentence.
 */
class ModelBinaryTest {
    private static CellPlan plan() {
        CellPlan.SlotPlan slot = new CellPlan.SlotPlan(1, 8, 4, 4);
        return new CellPlan("lstm", false, 8, 3,
                List.of(new CellPlan.ArrayPlan(CellPlan.Kind.SEQUENCE, 8, 1, "h"),
                        new CellPlan.ArrayPlan(CellPlan.Kind.PARAM, 4, 0, "b")),
                List.of(new CellPlan.BufferPlan(0, 1), new CellPlan.BufferPlan(1, 0)), -1, slot,
                List.of(new CellPlan.StatePlan("h", 0, 4, 1)), List.of(1),
                List.of(new CellPlan.MatrixPlan(4, 3, List.of(new CellPlan.RowCopy("W", 0, 1, 0, 12)))),
                List.of(new CellPlan.StagePlan(List.of(new CellPlan.ProductPlan(slot, slot, 0, true)), null)),
                List.of(new CellPlan.StagePlan(List.of(), "io.rnnc.generated.K$Forward0")), Map.of());
    }

    private static ModelFile file() {
        ModelFile.LayerFile recurrent = new ModelFile.LayerFile(ModelFile.Kind.RECURRENT, "", 3, 4, null, 0, false,
                List.of(new ModelFile.Direction(List.of(plan(), plan()), List.of("W", "b"))));
        ModelFile.LayerFile conv = new ModelFile.LayerFile(ModelFile.Kind.CONV, "conv.", 2, 3, "RELU", 2, true, List.of());
        ModelFile.LayerFile head = new ModelFile.LayerFile(ModelFile.Kind.DENSE, "head.", 4, 5, "IDENTITY", 0, false,
                List.of());
        return new ModelFile("classify", Map.of("labels", "[\"ä\",\"b\"]"), TsvPairs.Header.YES, 7, 12, 2,
                new ModelFile.Network(List.of(conv, recurrent), head, "SOFTMAX", "LAST"), List.of(recurrent));
    }

    @Test
    void whatIsWrittenIsReadBack() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("W_l0", new Tensor(new int[] {4, 3}, new double[] {0.1, 1.0 / 3, -2, 4, 5, 6, 7, 8, 9, 10, 11, 1e-9}));
        tensors.put("head.bias", new Tensor(new int[] {2}, new double[] {1.0 / 3, Math.PI}));
        ModelBinary.Contents back = roundTrip(tensors, Set.of("W_l0"));
        assertEquals(file(), back.file());
        assertEquals(List.of("W_l0", "head.bias"), List.copyOf(back.tensors().keySet()));
        assertArrayEquals(new int[] {4, 3}, back.tensors().get("W_l0").shape());
        double[] rounded = Arrays.stream(tensors.get("W_l0").data()).map(v -> (float) v).toArray();
        assertArrayEquals(rounded, back.tensors().get("W_l0").data());
        assertArrayEquals(tensors.get("head.bias").data(), back.tensors().get("head.bias").data());
    }

    @Test
    void aCutOrForeignFileIsOneSentence() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBinary.write(file(), Map.of("b", new Tensor(new int[] {1}, new double[] {1})), Set.of(), out);
        byte[] whole = out.toByteArray();
        DataException cut = assertThrows(DataException.class,
                () -> ModelBinary.read("model.bin", new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 3))));
        assertEquals("model.bin: ends early; the jar is damaged", cut.getMessage());
        DataException foreign = assertThrows(DataException.class,
                () -> ModelBinary.read("model.bin", new ByteArrayInputStream("{\"task\":\"lm\"}".getBytes())));
        assertTrue(foreign.getMessage().startsWith("model.bin: not a model file"), foreign.getMessage());
    }

    private static ModelBinary.Contents roundTrip(Map<String, Tensor> tensors, Set<String> float32) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBinary.write(file(), tensors, float32, out);
        return ModelBinary.read("model.bin", new ByteArrayInputStream(out.toByteArray()));
    }
}
