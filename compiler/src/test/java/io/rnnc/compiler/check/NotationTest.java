package io.rnnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.diag.Diagnostic;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.diag.Severity;
import io.rnnc.compiler.show.CellPrinter;
import io.rnnc.compiler.source.Source;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The everyday notations of papers, books and documentation: each spelling must be read as its
 * plain form is, which `rnnc show` proves by printing the same equations, roles and shapes.
 */
class NotationTest {
    private static final String ELMAN = "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)";

    /** What `rnnc show` prints for the one cell of {@code text}, without the cell's name. */
    static String reading(String text) {
        Frontend.Result r = Frontend.check(new Source("notation.rnn", text));
        assertTrue(r.ok(), () -> text + "\n" + DiagnosticPrinter.format(r.diagnostics().sorted()));
        assertEquals(1, r.cells().size());
        return CellPrinter.print(r.cells().get(0)).replaceFirst("^cell \\S+\n", "");
    }

    static void assertReadsAs(String plain, String written) {
        assertEquals(reading(plain), reading(written), written);
    }

    static List<Diagnostic> warnings(String text) {
        Frontend.Result r = Frontend.check(new Source("notation.rnn", text));
        assertTrue(r.ok(), () -> DiagnosticPrinter.format(r.diagnostics().sorted()));
        return r.diagnostics().sorted().stream().filter(d -> d.severity() == Severity.WARNING).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h),",
        "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h).",
        "$$h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h).$$",
        "h_t = \\tanh(W_{\\mathrm{xh}} x_t + W_{\\text{hh}} h_{t-1} + b_\\textrm{h})",
        "\\mathbf{h}_t = \\tanh(\\boldsymbol{W}_{xh} \\bm{x}_t + \\mathcal{W}_{hh} \\mathbf{h}_{t-1} + \\mathbf{b}_h)",
        "{\\displaystyle h_{t}=\\tanh(W_{xh}x_{t}+W_{hh}h_{t-1}+b_{h})}",
        "\\displaystyle h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h)",
        "\\begin{split} h_t &= \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h) \\end{split}",
        "\\begin{gathered} h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h) \\end{gathered}",
        "\\begin{array}{ll} h_t = \\tanh(W_{xh} x_t + W_{hh} h_{t-1} + b_h) \\\\ \\end{array}",
        "h^{\\langle t \\rangle} = tanh(W_xh x^{\\langle t \\rangle} + W_hh h^{\\langle t-1 \\rangle} + b_h)",
        "h_{<t>} = tanh(W_xh x_{<t>} + W_hh h_{<t-1>} + b_h)",
        "h^(t) = tanh(W_xh x^(t) + W_hh h^(t-1) + b_h)",
        "h^{⟨t⟩} = tanh(W_xh x^{⟨t⟩} + W_hh h_⟨t−1⟩ + b_h)",
        "hₜ = tanh(W_xh xₜ + W_hh hₜ₋₁ + b_h)",
        "h⁽ᵗ⁾ = tanh(W_xh x⁽ᵗ⁾ + W_hh h⁽ᵗ⁻¹⁾ + b_h)",
        "h(t) = tanh(W_xh x(t) + W_hh h(t−1) + b_h)",
        "h' = tanh(W_xh x + W_hh h + b_h)",
        "h′ = tanh(W_xh x + W_hh h + b_h)",
        "h_{t+1} = tanh(W_xh x_{t+1} + W_hh h_t + b_h)",
        "h_{t+1} = tanh(W_xh x_t + W_hh h_t + b_h)",
        "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h) \\qquad (10.8)",
        "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h)   (3a)",
        "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h), \\qquad (2.1)",
        "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h) \\tag{10.8}",
        "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h) \\label{eq:rnn}",
        "h_t = tanh(W_{xh}\\,x_t + W_{hh}~h_{t-1} + b_h)"})
    void everydaySpellingsReadAsThePlainForm(String written) {
        assertReadsAs(ELMAN, written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h_{t−1}", "h_{t–1}", "h_{t—1}", "h_{t‐1}", "h_{t－1}", "h^{(t−1)}", "hₜ₋₁", "h(t−1)"})
    void everyDashInATimeIndexIsAMinus(String previous) {
        TypedCell cell = TestCells.check("h_t = tanh(W_xh x_t + W_hh " + previous + " + b_h)");
        assertEquals(List.of("h"), cell.states().stream().map(TypedCell.State::name).toList(), previous);
        assertEquals(null, cell.param("h_t-1"));
        assertReadsAs(ELMAN, "h_t = tanh(W_xh x_t + W_hh " + previous + " + b_h)");
    }

    @Test
    void aDashBetweenTermsIsAMinus() {
        assertReadsAs("h_t = tanh(W x_t) - b", "h_t = tanh(W x_t) − b");
        assertReadsAs("h_t = tanh(W x_t) - b", "h_t = tanh(W x_t) – b");
    }

    @Test
    void equationNumbersAreNotFactors() {
        String plain = "h_t = z_t ⊙ h_{t-1}\nz_t = σ(W x_t)";
        assertReadsAs(plain, "h_t = z_t ⊙ h_{t-1}    (10.8)\nz_t = σ(W x_t)  (10.9)");
        assertReadsAs(plain, "h_t = z_t ⊙ h_{t-1} \\qquad (10.8)\nz_t = σ(W x_t) \\quad (A.2)");
        // After an operator it is a number in the equation, not a label.
        assertReadsAs("h_t = z_t ⊙ h_{t-1} ⊙ 2\nz_t = σ(W x_t)", "h_t = z_t ⊙ h_{t-1} ⊙ (2)\nz_t = σ(W x_t)");
    }

    @Test
    void parenthesisedSuperscriptsOnParametersAreLabels() {
        TypedCell cell = TestCells.check("h^{(t)} = tanh(W^{(1)} x^{(t)} + W^{(2)} h^{(t-1)} + b^{(1)})");
        assertEquals("[H, X]", cell.param("W_1").shapeString());
        assertEquals("[H, H]", cell.param("W_2").shapeString());
        assertEquals("[H]", cell.param("b_1").shapeString());
        assertEquals("X", cell.inputSize().toString(), "W^{(1)} x is a product, so X stays free");
        assertReadsAs("h_t = tanh(W_1 x_t + W_2 h_{t-1})", "h^{(t)} = tanh(W^{(1)} x^{(t)} + W^{(2)} h^{(t-1)})");
        assertReadsAs("h_t = tanh(W_1 x_t + W_2 h_{t-1})", "h⁽ᵗ⁾ = tanh(W⁽¹⁾ x⁽ᵗ⁾ + W⁽²⁾ h⁽ᵗ⁻¹⁾)");
        assertReadsAs("h_t = tanh(W_1 x_t + W_2 h_{t-1})", "h^{(t)} = tanh(W^{[1]} x^{(t)} + W^{[2]} h^{(t-1)})");
    }

    @Test
    void superscriptLettersOnParametersAreLabels() {
        assertReadsAs("f_t = σ(U_f x_t + W_f h_{t-1} + b_f)\nh_t = f_t ⊙ h_{t-1}",
                "f_t = σ(U^f x_t + W^f h_{t-1} + b^f)\nh_t = f_t ⊙ h_{t-1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"W^T x_t", "W^\\top x_t", "W^{\\top} x_t", "W^⊤ x_t", "Wᵀ x_t", "W^{\\mathsf{T}} x_t",
        "W^{T} \\cdot x_t", "x_t^T W"})
    void transposesNameTheStoredMatrix(String product) {
        TypedCell cell = TestCells.check("h_t = tanh(" + product + " + U h_{t-1})");
        assertEquals("[X, H]", cell.param("W").shapeString(), product + ": Wᵀ x stores W as [in, out]");
    }

    @Test
    void aRowVectorTimesATransposeStoresTheMatrixAsPyTorchDoes() {
        TypedCell cell = TestCells.check("h_t = tanh(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh})");
        assertEquals("[H, X]", cell.param("W_ih").shapeString());
        assertTrue(reading("h_t = tanh(x_t W_{ih}^T + h_{t-1} W_{hh}^T)").contains("x_t·W_ihᵀ"), "printed as written");
    }

    @Test
    void accentsWithAndWithoutBraces() {
        String plain = "c̃_t = tanh(W x_t)\nc_t = c̃_t ⊙ c_{t-1}";
        assertReadsAs(plain, "{\\tilde{c}}_t = tanh(W x_t)\nc_t = {\\tilde {c}}_{t} ⊙ c_{t-1}");
        assertReadsAs(plain, "\\tilde c_t = tanh(W x_t)\nc_t = \\tilde c_t ⊙ c_{t-1}");
        assertReadsAs(plain, "\\tilde{c}_t = tanh(W x_t)\nc_t = \\tilde{c_t} ⊙ c_{t-1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\mathrm{sigm}", "\\operatorname{sigm}", "sigm", "\\sigma", "sigmoid", "\\mathrm{logistic}"})
    void sigmoidSpellings(String sigmoid) {
        assertReadsAs("h_t = σ(W x_t + U h_{t-1})", "h_t = " + sigmoid + "(W x_t + U h_{t-1})");
    }

    @Test
    void matrixEnvironmentsAndColumnsStackTheLeftSide() {
        String plain = "(i_t; f_t) = σ(W [h_{t-1}; x_t] + b)\nh_t = i_t ⊙ f_t ⊙ h_{t-1}";
        assertReadsAs(plain, "\\begin{pmatrix} i_t \\\\ f_t \\end{pmatrix} = σ(W \\begin{bmatrix} h_{t-1} \\\\ x_t \\end{bmatrix} + b)\n"
                + "h_t = i_t ⊙ f_t ⊙ h_{t-1}");
        assertReadsAs(plain, "\\left(\\begin{array}{c} i_t \\\\ f_t \\end{array}\\right) = σ(W (h_{t-1}; x_t) + b)\n"
                + "h_t = i_t ⊙ f_t ⊙ h_{t-1}");
        TypedCell cell = TestCells.check(plain);
        assertEquals("[2H, H+X]", cell.param("W").shapeString());
        assertEquals("[2H]", cell.param("b").shapeString());
    }

    @Test
    void stackedValuesNeedTheirSizes() {
        Frontend.Result r = Frontend.check(new Source("s.rnn", "(a_t; b_t) = W x_t\nh_t = tanh(U h_{t-1}) ⊙ sum(a_t) ⊙ sum(b_t)"));
        assertFalse(r.ok());
        assertTrue(DiagnosticPrinter.format(r.diagnostics().sorted()).contains("nothing fixes the size of `a`"),
                () -> DiagnosticPrinter.format(r.diagnostics().sorted()));
    }

    @Test
    void layerNormalisationAsBaEtAlWriteIt() {
        String plain = "LN(z, α, β) = (z - mean(z)) / sqrt(mean((z - mean(z))^2)) ⊙ α + β\n"
                + "h_t = tanh(LN(W x_t + U h_{t-1}, a, b))";
        assertReadsAs(plain, "\\mathrm{LN}(\\mathbf{z}; \\boldsymbol{\\alpha}, \\boldsymbol{\\beta}) = \\frac{(\\mathbf{z} - \\mu)}{\\sigma}"
                + " \\odot \\boldsymbol{\\alpha} + \\boldsymbol{\\beta}, \\qquad \\mu = \\frac{1}{D} \\sum_{i=1}^{D} z_i, \\qquad "
                + "\\sigma = \\sqrt{\\frac{1}{D} \\sum_{i=1}^{D} (z_i - \\mu)^2}\n"
                + "h_t = \\tanh(\\mathrm{LN}(W x_t + U h_{t-1}; a, b))");
    }

    @Test
    void aFunctionsValuesAreItsOwn() {
        // σ is LN's standard deviation inside LN and the sigmoid outside it.
        assertReadsAs("LN(z) = (z - mean(z)) / sqrt(mean((z - mean(z))^2))\nh_t = σ(LN(W x_t + U h_{t-1}))",
                "LN(z) = (z - μ) / σ\nμ = mean(z)\nσ = sqrt(mean((z - μ)^2))\nh_t = σ(LN(W x_t + U h_{t-1}))");
    }

    @Test
    void sumsOverUnitsAreMatrixProductsOrReductions() {
        assertReadsAs("h_t = tanh(W x_t + U h_{t-1})", "h_i^{(t)} = \\tanh(\\sum_j W_{i,j} x_j^{(t)} + \\sum_j U_{ij} h_j^{(t-1)})");
        assertReadsAs("h_t = tanh(W x_t) ⊙ sum(h_{t-1})", "h_t = tanh(W x_t) ⊙ \\sum_{i=1}^{H} h_{t-1,i}");
        assertReadsAs("h_t = tanh(W x_t) ⊙ mean(h_{t-1})", "h_t = tanh(W x_t) ⊙ \\frac{1}{H} \\sum_{i=1}^{H} h_{t-1,i}");
    }

    @Test
    void perUnitNotationIsReadInVectorForm() {
        assertReadsAs("h_t = relu(w x_t + u ⊙ h_{t-1} + b)\nσ = relu", "h_{n,t} = σ(w_n x_t + u_n h_{n,t-1} + b_n)\nσ = relu");
        assertReadsAs("r = σ(W_r x_t + U_r h_{t-1})\nh_t = r ⊙ h_{t-1} + (1 - r) ⊙ tanh(W x_t + U (r ⊙ h_{t-1}))",
                "r_j = σ([W_r x]_j + [U_r h_{<t-1>}]_j)\nh_j^{<t>} = r_j h_j^{<t-1>} + (1 - r_j) tanh([W x]_j + [U (r ⊙ h_{<t-1>})]_j)");
    }

    @Test
    void aLineBreakInsideAlignedDoesNotEndAMatrixColumn() {
        assertReadsAs("(a_t; b_t) = W [h_{t-1}; x_t]\nh_t = tanh(a_t) ⊙ σ(b_t)",
                "\\begin{aligned} \\begin{pmatrix} a_t \\\\ b_t \\end{pmatrix} &= W \\begin{pmatrix} h_{t-1} \\\\ x_t \\end{pmatrix} \\\\ "
                        + "h_t &= \\tanh(a_t) \\odot \\sigma(b_t) \\end{aligned}");
    }

    @Test
    void mathematicalLettersAreOneSymbolEach() {
        assertReadsAs("h_t = tanh(W x_t + U h_{t-1} + b)", "𝐡ₜ = tanh(𝐖𝐱ₜ + 𝐔𝐡ₜ₋₁ + 𝐛)");
        assertReadsAs("h_t = tanh(W x_t + U h_{t-1} + b)", "ℎ_t = tanh(𝑊 𝑥_t + 𝑈 ℎ_{t-1} + 𝑏)");
    }

    @Test
    void theCellStateIsNotTheOutputWhenHIsThere() {
        TypedCell cell = TestCells.check("s_t = f_t ⊙ s_{t-1} + tanh(W x_t)\nf_t = σ(U h_{t-1})\nh_t = tanh(s_t)");
        assertEquals("h", cell.output());
    }

    @Test
    void graves2013PeepholesReadAsFullMatricesWithAWarningOrDiagonalWhenDeclared() {
        String lstm = "i_t = σ(W_xi x_t + W_hi h_{t-1} + W_ci c_{t-1})\nc_t = i_t ⊙ c_{t-1} + tanh(W_xc x_t)\nh_t = tanh(c_t)";
        List<Diagnostic> w = warnings(lstm);
        assertEquals(1, w.size());
        assertTrue(w.get(0).message().contains("`W_ci` multiplies the cell state `c` as a full matrix"));
        assertEquals("[H, H]", TestCells.check(lstm).param("W_ci").shapeString());
        TypedCell diagonal = TestCells.check("param W_ci : diag\n" + lstm);
        assertEquals("[H]", diagonal.param("W_ci").shapeString());
        assertTrue(diagonal.param("W_ci").diagonal());
        assertTrue(warnings("param W_ci : diag\n" + lstm).isEmpty());
        assertTrue(warnings("param W_ci : [H, H]\n" + lstm).isEmpty(), "a declared full matrix needs no warning");
        assertReadsAs("i_t = σ(W_xi x_t + W_hi h_{t-1} + W_ci ⊙ c_{t-1})\nc_t = i_t ⊙ c_{t-1} + tanh(W_xc x_t)\nh_t = tanh(c_t)\n"
                + "param W_ci : [H]", "param W_ci : [H]\n" + lstm);
    }

    @Test
    void anAsteriskThatMayMeanConvolutionIsReadElementwiseWithAWarning() {
        String convLstm = "i_t = σ(W_xi * x_t + W_hi * h_{t-1} + b_i)\nh_t = i_t ⊙ tanh(h_{t-1})";
        List<Diagnostic> w = warnings(convLstm);
        assertEquals(2, w.size(), w::toString);
        assertTrue(w.get(0).message().contains("`*` is read as an elementwise product here, so `W_xi` is a vector"));
        assertEquals("[H]", TestCells.check(convLstm).param("W_hi").shapeString());
        assertTrue(warnings("f_t = σ(W x_t)\nh_t = f_t * h_{t-1}").isEmpty(), "between values `*` is plainly elementwise");
        assertTrue(warnings("i_t = σ(W_xi x_t + p_i * h_{t-1})\nh_t = i_t ⊙ h_{t-1}").isEmpty(), "a small letter is a weight vector");
    }

    @Test
    void goodfellowsUnreadOutputLayerIsWarnedAbout() {
        List<Diagnostic> w = warnings("a_t = b + W h_{t-1} + U x_t\nh_t = tanh(a_t)\no_t = c + V h_t");
        assertEquals(List.of("`o` is computed but nothing reads it", "parameter `c` reaches no output (only `o` uses it)",
                "parameter `V` reaches no output (only `o` uses it)"), w.stream().map(Diagnostic::message).toList());
        assertTrue(warnings("a_t = b + W h_{t-1} + U x_t\nh_t = tanh(a_t)\no_t = c + V h_t\nŷ_t = softmax(o_t)").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"swish", "silu", "gelu", "mish", "selu", "celu", "hardtanh", "relu6", "hardswish", "logsigmoid",
        "tanhshrink", "gaussian", "square", "cube"})
    void theDefinitionsSuggestedForWellKnownFunctionsCheck(String name) {
        String definition = FunctionHints.DEFINITIONS.get(name);
        TypedCell cell = TestCells.check(definition + "\nh_t = " + name + "(W x_t + U h_{t-1})");
        assertEquals(List.of("h"), cell.states().stream().map(TypedCell.State::name).toList());
        assertTrue(FunctionHints.forUnknown(name, "").contains(definition), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sigmod:σ", "Sigmoid:σ", "tahn:tanh", "Tanh:tanh", "Relu:relu", "softmx:softmax"})
    void misspelledFunctionsSuggestTheBuiltIn(String pair) {
        String[] p = pair.split(":");
        assertTrue(FunctionHints.forUnknown(p[0], "").startsWith("did you mean `" + p[1] + "`"), pair);
    }
}
