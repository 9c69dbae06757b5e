package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rnnc show --html`: the page it writes, and its mistakes (ReportInBrowserTest opens the page in a browser). */
class ShowHtmlTest {
    @TempDir
    Path dir;

    @Test
    void writesOnePageWithEveryPartOfTheCell() throws IOException {
        Path file = dir.resolve("mut1.html");
        TrainCommandTest.Result r = TrainCommandTest.rnnc("show", "--html", "../samples/cells/mut1.rnn", "--out", file.toString());
        assertEquals(0, r.status(), r.err());
        String html = Files.readString(file);
        for (String part : new String[] {"<h2>cell MUT1</h2>", "<h3>Forward step</h3>", "<h3>Backward step (backpropagation through time)</h3>",
            "<h3>Names and shapes</h3>", "<h3>Compiled plan</h3>", "<h2>Source: ../samples/cells/mut1.rnn</h2>",
            "z_{t} &amp;= \\sigma\\left(W_{xz}\\,x_{t} + b_{z}\\right)", "\\delta h_{t-1} &amp;=", "hoisted"}) {
            assertTrue(html.contains(part), part);
        }
        assertTrue(html.contains(Files.readString(Path.of("../samples/cells/mut1.rnn")).lines().toList().get(0)
                .replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")), "the source as written");
        assertTrue(html.contains("<script>window.MathJax"), "MathJax comes inside the page");
        String page = html.replaceAll("(?s)<script>.*?</script>", "");
        assertTrue(!page.contains("src=") && !page.contains("href="), "nothing is loaded from elsewhere");
    }

    @Test
    void mistakes() throws IOException {
        TrainCommandTest.Result r = TrainCommandTest.rnnc("show", "--html", "--grad", "stdlib:gru");
        assertEquals(Exit.USAGE, r.status());
        assertEquals("rnnc: --html writes the whole report; it takes no --grad, --latex or --plan (see `rnnc show --help`)\n", r.err());
        r = TrainCommandTest.rnnc("show", "stdlib:gru", "-o", dir.resolve("x.html").toString());
        assertEquals(Exit.USAGE, r.status());
        assertEquals("rnnc: --out names the file --html writes; give --html too (see `rnnc show --help`)\n", r.err());
        Files.writeString(dir.resolve("file"), "");
        Path target = dir.resolve("file/gru.html");
        r = TrainCommandTest.rnnc("show", "--html", "stdlib:gru", "-o", target.toString());
        assertEquals(Exit.UNAVAILABLE, r.status());
        assertTrue(r.err().startsWith("rnnc: " + target + ": cannot write the report ("), r.err());
    }
}
