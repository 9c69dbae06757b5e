package io.rnnc.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * `rnnc train --spark MASTER`: hands the run to the Spark module's command, found on the class
 * path rather than imported, so that the rnnc jar carries neither it nor Spark.
 */
final class SparkRun {
    private static final String COMMAND = "io.rnnc.spark.SparkTrain";

    private SparkRun() {
    }

    /** Runs the options given to `train` on Spark; its exit status. */
    static int train(ParseResult given, PrintWriter out, PrintWriter err) {
        Method run;
        try {
            run = Class.forName(COMMAND).getMethod("run", String[].class, PrintWriter.class, PrintWriter.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            throw new UnavailableError("--spark needs the rnnc-spark jar and Spark's jars on the class path: run "
                    + "./rnnc from the source tree (with SPARK_HOME set, or after mvn package), or spark-submit "
                    + "spark/target/rnnc-spark.jar");
        }
        try {
            return (Integer) run.invoke(null, arguments(given), out, err);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The options given, which the Spark command takes as they are: it declares `train`'s own. */
    static String[] arguments(ParseResult given) {
        List<String> args = new ArrayList<>();
        for (OptionSpec option : given.matchedOptions()) {
            String name = option.longestName();
            if (option.arity().max() == 0) {
                args.add(name);
                continue;
            }
            for (String value : option.originalStringValues()) {
                args.add(name);
                args.add(value);
            }
        }
        return args.toArray(String[]::new);
    }
}
