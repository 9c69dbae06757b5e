package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium, run on a page saved to disk with every network request failing, to see
 * the page as a reader's browser renders it. Where Chromium is not installed the calling test is
 * skipped, except in CI (CI=true), where that fails.
 */
final class Chromium {
    /** Debian's package installs this; CHROMIUM names another. */
    private static final String BINARY = System.getenv().getOrDefault("CHROMIUM", "chromium");
    /** Enough virtual time for MathJax to typeset several cells' equations. */
    private static final int VIRTUAL_TIME_MS = 30_000;
    private static final long TIMEOUT_S = 90;
    /**
     * Runs after the page has loaded and MathJax has finished (or straight away without MathJax),
     * and writes what it found into the body's data-check attribute, which --dump-dom returns.
     */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              function report(found) { document.body.setAttribute('data-check', JSON.stringify(found)); }
              function inspect() {
                var images = Array.prototype.slice.call(document.images);
                var text = document.body.cloneNode(true);
                text.querySelectorAll('pre, script, style, mjx-container').forEach(function (e) { e.remove(); });
                report({
                  math: document.querySelectorAll('.math').length,
                  typeset: document.querySelectorAll('.math mjx-container').length,
                  errors: Array.prototype.map.call(document.querySelectorAll('mjx-merror, [data-mjx-error]'),
                      function (e) { return e.getAttribute('data-mjx-error') || e.textContent; }),
                  images: images.length,
                  missingImages: images.filter(function (i) { return !i.complete || i.naturalWidth === 0; })
                      .map(function (i) { return i.alt || i.src.slice(0, 60); }),
                  text: text.textContent
                });
              }
              if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
                MathJax.startup.promise.then(inspect, function (e) { report({failed: String(e)}); });
              } else {
                inspect();
              }
            });
            </script>
            """;
    /** LaTeX commands and math delimiters: what a page shows when its mathematics was not typeset. */
    private static final Pattern RAW_LATEX = Pattern.compile("\\\\[a-zA-Z]+|\\\\[()\\[\\]]|\\$\\$");

    private Chromium() {
    }

    /** What the browser found on a page. */
    record Rendering(int math, int typeset, List<String> errors, int images, List<String> missingImages, String text) {
        /** LaTeX left as text where mathematics should be. */
        List<String> rawLatex() {
            List<String> found = new ArrayList<>();
            Matcher m = RAW_LATEX.matcher(text);
            while (m.find()) {
                found.add(m.group());
            }
            return found;
        }

        /** Why the page is not what a reader should see, or empty. */
        List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (typeset != math) {
                problems.add(typeset + " of " + math + " formulas typeset");
            }
            errors.forEach(e -> problems.add("MathJax error: " + e));
            missingImages.forEach(i -> problems.add("image missing: " + i));
            if (!rawLatex().isEmpty()) {
                problems.add("LaTeX left in the text: " + rawLatex());
            }
            return problems;
        }
    }

    /** Skips the calling test where Chromium is missing, fails it in CI. */
    static void require() {
        String problem = null;
        try {
            Process p = new ProcessBuilder(BINARY, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                problem = BINARY + " --version failed";
            }
        } catch (IOException e) {
            problem = BINARY + " is not installed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        if (problem != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must run the browser tests, but: " + problem);
            }
            Assumptions.abort("browser tests skipped: " + problem);
        }
    }

    /** Opens {@code page} (a copy of it, with the probe added) in the browser and returns what it found. */
    static Rendering render(Path page, Path work) throws IOException, InterruptedException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path probed = work.resolve("probed-" + page.getFileName());
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        String dom = run(work, "--virtual-time-budget=" + VIRTUAL_TIME_MS, "--dump-dom", probed.toUri().toString());
        Matcher m = Pattern.compile("data-check=\"([^\"]*)\"").matcher(dom);
        if (!m.find()) {
            fail("the page's scripts did not finish in the browser (no MathJax, or a script error): " + page);
        }
        JsonObject found = JsonParser.parseString(unescapeAttribute(m.group(1))).getAsJsonObject();
        if (found.has("failed")) {
            fail("MathJax failed on " + page + ": " + found.get("failed").getAsString());
        }
        return new Rendering(found.get("math").getAsInt(), found.get("typeset").getAsInt(),
                strings(found, "errors"), found.get("images").getAsInt(), strings(found, "missingImages"),
                found.get("text").getAsString());
    }

    /** Takes a screenshot of {@code page}, {@code width} × {@code height} pixels, into {@code png}. */
    static void screenshot(Path page, Path png, int width, int height, Path work) throws IOException, InterruptedException {
        run(work, "--virtual-time-budget=" + VIRTUAL_TIME_MS, "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), page.toUri().toString());
    }

    private static String run(Path work, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(BINARY, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile,
                // Containers often give /dev/shm 64 MB, too little for the renderer.
                "--disable-dev-shm-usage",
                // The network is off: every host name fails to resolve and every proxied request fails.
                "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9"));
        command.addAll(List.of(args));
        File stdout = work.resolve("chromium.out").toFile();
        File stderr = work.resolve("chromium.err").toFile();
        Process p = new ProcessBuilder(command).redirectOutput(stdout).redirectError(stderr).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in " + TIMEOUT_S + " s: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + Files.readString(stderr.toPath()));
        }
        return Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
    }

    private static List<String> strings(JsonObject o, String field) {
        List<String> out = new ArrayList<>();
        o.getAsJsonArray(field).forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static String unescapeAttribute(String s) {
        return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0")
                .replace("&amp;", "&");
    }
}
