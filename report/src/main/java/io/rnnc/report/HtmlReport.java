package io.rnnc.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A report as one self-contained HTML file that opens from disk with no network: a title and
 * sections that callers add (mathematics, tables, preformatted text, charts). Mathematics is
 * written as LaTeX and typeset in the browser by MathJax, which the page carries inline (about
 * 2 MB, only when the page has mathematics); charts are embedded as SVG.
 *
 * <pre>{@code
 * HtmlReport report = new HtmlReport("lstm");
 * report.section("Forward step").math("h_{t} &= o_{t} \\odot \\tanh(c_{t})");
 * report.section("Training").chart(lossChart, "training and held-out loss");
 * report.write(Path.of("report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private static final String STYLE = """
            body { font-family: sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
            h1 { border-bottom: 2px solid #ddd; padding-bottom: .3rem; }
            section section { margin-left: .5rem; }
            pre { background: #f6f6f6; border: 1px solid #e2e2e2; padding: .7rem; overflow-x: auto; font-size: .85rem; }
            table { border-collapse: collapse; margin: .6rem 0; }
            th, td { border: 1px solid #ddd; padding: .25rem .6rem; text-align: left; }
            th { background: #f2f2f2; }
            .math.display { overflow-x: auto; margin: .8rem 0; }
            figure { margin: 1rem 0; }
            figure img { max-width: 100%; height: auto; }
            figcaption { color: #555; font-size: .9rem; }
            """;

    private final String title;
    private final List<Section> sections = new ArrayList<>();

    /** An empty report; {@code title} heads the page and names its window. */
    public HtmlReport(String title) {
        this.title = title;
    }

    /** A new top-level section, placed after those added before it. */
    public Section section(String heading) {
        Section s = new Section(heading, 2);
        sections.add(s);
        return s;
    }

    /** The whole page. */
    public String html() {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n");
        if (sections.stream().anyMatch(Section::hasMath)) {
            out.append("<script>").append(MathJaxScript.CONFIGURATION).append("</script>\n")
                    .append("<!-- MathJax 3.2.2 (tex-svg.js), Apache License 2.0, https://www.mathjax.org -->\n")
                    .append("<script>").append(MathJaxScript.source()).append("</script>\n");
        }
        out.append("</head>\n<body class=\"report\">\n<h1>").append(Html.escape(title)).append("</h1>\n");
        sections.forEach(s -> s.render(out));
        return out.append("</body>\n</html>\n").toString();
    }

    /**
     * Writes the page to {@code file}.
     *
     * @throws IOException when the file cannot be written
     */
    public void write(Path file) throws IOException {
        Files.writeString(file, html(), StandardCharsets.UTF_8);
    }
}
