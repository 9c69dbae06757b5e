package io.rnnc.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The page as text: what is escaped, where the mathematics goes, when MathJax comes along. (ReportInBrowserTest in the cli renders it.) */
class HtmlReportTest {
    @Test
    void textIsEscapedAndMathIsDelimitedForMathJax() {
        HtmlReport report = new HtmlReport("a <b> & \"c\"");
        report.section("Equations").math("a^{<t>} &= b").paragraph(Inline.text("x < y; "), Inline.math("W_{f}"));
        String html = report.html();
        assertTrue(html.contains("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"), html.substring(0, 400));
        assertTrue(html.contains("<div class=\"math display\">\\[a^{&lt;t&gt;} &amp;= b\\]</div>"));
        assertTrue(html.contains("<p>x &lt; y; <span class=\"math\">\\(W_{f}\\)</span></p>"));
        assertTrue(html.contains("MathJax"), "a page with mathematics carries MathJax");
        assertFalse(html.contains("src=\"http"), "and loads nothing from the network");
    }

    @Test
    void aPageWithoutMathematicsCarriesNoMathJax() {
        HtmlReport report = new HtmlReport("plain");
        report.section("Settings").table(List.of("option", "value"), List.of(List.of(Inline.text("--lr"), Inline.text("0.003"))))
                .section("Plan").preformatted("GEMM [B, H]×[H, 4H]");
        String html = report.html();
        assertFalse(html.contains("<script"));
        assertTrue(html.contains("<td>--lr</td><td>0.003</td>"));
        assertTrue(html.contains("<h3>Plan</h3>"), "a section inside a section gets the next heading level");
        assertTrue(html.length() < 5000, "no MathJax: " + html.length() + " characters");
    }

    @Test
    void tableRowsMatchTheHeader() {
        Section s = new HtmlReport("t").section("s");
        assertThrows(IllegalArgumentException.class, () -> s.table(List.of("a", "b"), List.of(List.of(Inline.text("1")))));
    }

    @Test
    void theEmbeddedScriptCannotEndTheScriptElementEarly() {
        assertFalse(MathJaxScript.source().contains("</script"));
    }
}
