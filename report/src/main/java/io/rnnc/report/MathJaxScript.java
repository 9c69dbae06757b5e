package io.rnnc.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * MathJax's single-file build that turns TeX into SVG (fonts included as paths), read from the
 * MathJax webjar on the class path, and the configuration that makes it typeset only the
 * report's mathematics.
 */
final class MathJaxScript {
    /** The webjar's version: the parent pom's {@code mathjax.version}. */
    private static final String RESOURCE = "META-INF/resources/webjars/mathjax/3.2.2/es5/tex-svg.js";

    /**
     * Only elements of class {@code math} are typeset, and only between {@code \( \)} and
     * {@code \[ \]}, so that a dollar sign or a backslash in a run's name stays text. The menu
     * is off: it offers settings a saved page cannot keep.
     */
    static final String CONFIGURATION = "window.MathJax = {"
            + "tex: {inlineMath: [['\\\\(', '\\\\)']], displayMath: [['\\\\[', '\\\\]']], processEscapes: false},"
            + "options: {ignoreHtmlClass: 'report', processHtmlClass: 'math', enableMenu: false},"
            + "svg: {fontCache: 'global'}};";

    private static String source;

    private MathJaxScript() {
    }

    /** The script, safe to place between {@code <script>} tags. */
    static synchronized String source() {
        if (source == null) {
            try (InputStream in = MathJaxScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the class path (the MathJax webjar)");
                }
                // A script element ends at the first "</script", wherever it stands.
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }
}
