package io.rnnc.spark;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on this machine: a master and workers, each in its own JVM, run
 * from a Spark home whose jars are Spark's alone (as a Spark installation has them), so that
 * rnnc's classes reach the executors only as the application's jars, through Spark.
 */
final class StandaloneCluster implements AutoCloseable {
    /** The module options Spark's launcher gives its JVMs on Java 17, and the Vector API the generated kernels use. */
    static final List<String> JVM_OPTIONS = Arrays.asList(("--add-modules=jdk.incubator.vector "
            + System.getProperty("spark.jvm.options", "")).strip().split(" "));

    private final Path dir;
    private final Path home;
    private final String url;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private StandaloneCluster(Path dir, Path home, int port, Process master) {
        this.dir = dir;
        this.home = home;
        this.url = "spark://127.0.0.1:" + port;
        this.master = master;
    }

    /** Starts a master and {@code workers} workers of one core each, and waits until they have registered. */
    static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        for (String jar : sparkJars()) {
            Path j = Path.of(jar);
            Files.createSymbolicLink(home.resolve("jars").resolve(j.getFileName()), j);
        }
        int port = freePort();
        StandaloneCluster c = new StandaloneCluster(dir, home, port, null);
        Process master = c.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", "0");
        StandaloneCluster cluster = new StandaloneCluster(dir, home, port, master);
        for (int i = 0; i < workers; i++) {
            cluster.workers.add(cluster.launch("worker" + i, "org.apache.spark.deploy.worker.Worker", "--host",
                    "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port", "0", "--work-dir",
                    dir.resolve("work" + i).toString(), cluster.url));
        }
        cluster.awaitInLog("master", "Registering worker", workers, 120);
        return cluster;
    }

    /** The master's URL. */
    String url() {
        return url;
    }

    /**
     * The application's jars as spark-submit would ship them: rnnc's classes (folders on the
     * test's class path) packed into one jar, and every other jar of the test's class path that
     * Spark does not have.
     */
    List<String> applicationJars() throws IOException {
        Set<String> spark = Set.copyOf(sparkJars());
        List<String> jars = new ArrayList<>();
        Path app = dir.resolve("rnnc-app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app))) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    pack(p, out);
                } else if (entry.endsWith(".jar") && !spark.contains(entry)) {
                    jars.add(entry);
                }
            }
        }
        jars.add(0, app.toString());
        return jars;
    }

    /** The executor processes now running (children of the workers). */
    List<ProcessHandle> executors() {
        return workers.stream().flatMap(Process::descendants)
                .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /** The executor process of Spark's executor {@code id}. */
    Optional<ProcessHandle> executor(String id) {
        return executors().stream().filter(h -> h.info().commandLine().orElse("").contains("--executor-id " + id))
                .findFirst();
    }

    /** Waits until the log of {@code process} holds {@code text} {@code times} times. */
    void awaitInLog(String process, String text, int times, int seconds) throws IOException, InterruptedException {
        Path log = dir.resolve(process + ".log");
        for (int i = 0; i < seconds * 10; i++) {
            if (Files.exists(log) && Files.readString(log).split(java.util.regex.Pattern.quote(text), -1).length > times) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(process + " did not log `" + text + "` " + times + " times in " + seconds
                + " s:\n" + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }

    @Override
    public void close() {
        for (Process p : workers) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        if (master != null) {
            master.destroy();
        }
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-Xmx256m", "-cp", home.resolve("jars") + File.separator + "*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        // Said, as a distribution's scripts say it; otherwise the launcher looks for Spark's build folders.
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        return pb.start();
    }

    private static List<String> sparkJars() throws IOException {
        return List.of(Files.readString(Path.of("target", "spark-classpath.txt")).strip().split(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void pack(Path root, JarOutputStream out) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = root.relativize(f).toString().replace(File.separatorChar, '/');
                if (name.startsWith("META-INF/MANIFEST")) {
                    continue;
                }
                try {
                    out.putNextEntry(new JarEntry(name));
                } catch (java.util.zip.ZipException duplicate) {
                    continue;
                }
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
