package io.rnnc.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A part of an {@link HtmlReport} under a heading: text, mathematics, tables, preformatted
 * text, charts and sections of its own, shown in the order they were added.
 */
public final class Section {
    private final String heading;
    private final int level;
    /** Each entry is rendered HTML or a {@link Section}. */
    private final List<Object> blocks = new ArrayList<>();
    private boolean math;

    Section(String heading, int level) {
        this.heading = heading;
        this.level = level;
    }

    /** A paragraph of plain text. */
    public Section paragraph(String text) {
        return paragraph(Inline.text(text));
    }

    /** A paragraph of text and inline mathematics. */
    public Section paragraph(Inline... parts) {
        blocks.add("<p>" + inline(List.of(parts)) + "</p>\n");
        return this;
    }

    /** Displayed mathematics: LaTeX such as an {@code aligned} block, one formula set apart from the text. */
    public Section math(String latex) {
        math = true;
        blocks.add("<div class=\"math display\">\\[" + Html.escape(latex) + "\\]</div>\n");
        return this;
    }

    /** Text shown as it is, in a fixed-width font: source code, a compiled plan. */
    public Section preformatted(String text) {
        blocks.add("<pre>" + Html.escape(text) + "</pre>\n");
        return this;
    }

    /** A table with a header row; each row has as many cells as the header. */
    public Section table(List<String> header, List<List<Inline>> rows) {
        StringBuilder t = new StringBuilder("<table>\n<thead><tr>");
        header.forEach(h -> t.append("<th>").append(Html.escape(h)).append("</th>"));
        t.append("</tr></thead>\n<tbody>\n");
        for (List<Inline> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + header.size() + " columns");
            }
            t.append("<tr>");
            row.forEach(cell -> t.append("<td>").append(inline(List.of(cell))).append("</td>"));
            t.append("</tr>\n");
        }
        blocks.add(t.append("</tbody>\n</table>\n").toString());
        return this;
    }

    /** A chart, embedded in the page as SVG, with a caption below it. */
    public Section chart(LineChart chart, String caption) {
        String svg = Base64.getEncoder().encodeToString(chart.svg());
        blocks.add("<figure><img alt=\"" + Html.escape(caption) + "\" src=\"data:image/svg+xml;base64," + svg + "\">"
                + "<figcaption>" + Html.escape(caption) + "</figcaption></figure>\n");
        return this;
    }

    /** A section inside this one, under a smaller heading. */
    public Section section(String heading) {
        Section child = new Section(heading, Math.min(level + 1, 6));
        blocks.add(child);
        return child;
    }

    /** Whether this section or one inside it holds mathematics. */
    boolean hasMath() {
        return math || blocks.stream().anyMatch(b -> b instanceof Section s && s.hasMath());
    }

    void render(StringBuilder out) {
        out.append("<section>\n<h").append(level).append('>').append(Html.escape(heading))
                .append("</h").append(level).append(">\n");
        for (Object block : blocks) {
            if (block instanceof Section s) {
                s.render(out);
            } else {
                out.append((String) block);
            }
        }
        out.append("</section>\n");
    }

    private String inline(List<Inline> parts) {
        StringBuilder out = new StringBuilder();
        for (Inline part : parts) {
            if (part instanceof Inline.Math m) {
                math = true;
                out.append("<span class=\"math\">\\(").append(Html.escape(m.latex())).append("\\)</span>");
            } else {
                out.append(Html.escape(((Inline.Text) part).text()));
            }
        }
        return out.toString();
    }
}
