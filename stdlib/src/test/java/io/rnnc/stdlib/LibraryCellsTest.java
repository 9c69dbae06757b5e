package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every stdlib cell promises: it checks without a diagnostic, is named after its file,
 * and says in its header what it is and where it comes from; a PyTorch layout kept beside a
 * cell names each of its parameters exactly once.
 */
class LibraryCellsTest {
    static List<String> cells() {
        return Stdlib.names();
    }

    @Test
    void theLibraryIsFoundInItsResources() {
        List<String> names = Stdlib.names();
        assertTrue(names.size() >= 25, names.toString());
        assertTrue(names.containsAll(List.of("lstm", "gru", "rnn_tanh", "rnn_relu", "lstm_proj", "irnn", "mgu", "mut1",
                "peephole_lstm")), names.toString());
        assertEquals(names.stream().sorted().toList(), names);
    }

    @ParameterizedTest
    @MethodSource("cells")
    void checksCleanlyUnderItsOwnName(String name) {
        Frontend.Result r = Frontend.check(Stdlib.source(name));
        assertTrue(r.ok() && r.diagnostics().sorted().isEmpty(), () -> DiagnosticPrinter.format(r.diagnostics().sorted()));
        assertEquals(1, r.cells().size());
        assertEquals(name, r.cells().get(0).name());
    }

    @ParameterizedTest
    @MethodSource("cells")
    void theHeaderSaysWhatTheCellIsAndWhereItComesFrom(String name) {
        CellHeader h = CellHeader.of(Stdlib.source(name));
        assertTrue(h.description().endsWith("."), name + ": a one-line description, a sentence: " + h.description());
        assertTrue(h.citation().matches(".*\\b(19|20)\\d\\d\\b.*") || h.citation().startsWith("PyTorch ")
                || h.citation().startsWith("Keras "), name + ": a short citation with its year: " + h.citation());
        assertTrue(h.reference().length() > h.citation().length() + 20, name + ": the full reference: " + h.reference());
        assertTrue(h.lines().size() >= 6, name + ": what it is known for and how it is transcribed");
    }

    @ParameterizedTest
    @MethodSource("cells")
    void aPyTorchLayoutNamesEachParameterOnce(String name) {
        Map<String, List<String>> layout = TorchLayout.of(name);
        if (layout == null) {
            return;
        }
        List<String> named = new ArrayList<>();
        layout.values().forEach(named::addAll);
        List<String> params = Stdlib.cell(name).params().stream().map(TypedCell.Param::name).toList();
        assertEquals(params.stream().sorted().toList(), named.stream().sorted().toList(), name);
        assertEquals(List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh"), List.copyOf(layout.keySet()).subList(0, 4),
                name + ": PyTorch's state_dict order");
    }

    @Test
    void pyTorchsCellsHaveTheirLayouts() {
        for (String name : List.of("rnn_tanh", "rnn_relu", "lstm", "gru", "lstm_proj")) {
            assertTrue(TorchLayout.of(name) != null, name);
        }
        assertEquals(List.of("W_hr"), TorchLayout.of("lstm_proj").get("weight_hr"));
        assertNull(TorchLayout.of("mgu"), "PyTorch has no MGU");
        assertNull(TorchLayout.of("transformer"));
    }
}
