package io.rnnc.cli;

import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.layer.ConvBlock;
import io.rnnc.runtime.layer.FrameShape;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.ParseResult;

/**
 * What `rnnc train --resume` does with the options given again. The saved run's configuration
 * counts; an option given with another value than the saved one is applied and announced where
 * that is well defined (the learning rate, the run's length, the backend and precision that
 * compute it), and refused in a sentence where it would make another run (the model, the
 * optimizer, the batches, the data). Options that are not part of the run (where to save, what
 * to print at the end) are free. Every option of `train` has its rule here, so none is dropped
 * silently.
 */
final class Resumption {
    /** Options applied to the resumed run, each announced. */
    static final Set<String> APPLIED = Set.of("--lr", "--epochs", "--max-steps", "--backend", "--precision",
            "--eval-every", "--patience");

    /**
     * Options about this invocation rather than the run: the results do not depend on --threads,
     * and {@code --skip-nonfinite} changes nothing in a run that stays finite, and is what
     * continues one that stopped at a NaN.
     */
    static final Set<String> FREE = Set.of("--data", "--checkpoint", "--every", "--resume", "--sample", "--prompt",
            "--temperature", "--cell", "--report", "--threads", "--skip-nonfinite", "--spark", "--partitions");

    /** Options that define the run: each given value must be the saved one. */
    static final Map<String, Setting> SAME = same();

    /** An option's value in the saved run and on the command line, in the option's own syntax. */
    record Setting(Function<RunConfig, String> saved, BiFunction<TrainOptions, RunConfig, String> given) {
        Setting(Function<RunConfig, String> saved, Function<TrainOptions, String> given) {
            this(saved, (o, c) -> given.apply(o));
        }
    }

    private Resumption() {
    }

    /** A frame shape as the saved run writes it, or the text given where it is not one. */
    private static String parsedFrames(String text) {
        try {
            return FrameShape.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** A convolution block as the saved run writes it, or the text given where it is not one. */
    private static String parsedBlock(String text) {
        try {
            return ConvBlock.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    private static Map<String, Setting> same() {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("--task", new Setting(c -> c.data().task(), o -> o.task));
        m.put("--level", new Setting(c -> c.data().level(), o -> o.level));
        m.put("--valid", new Setting(c -> String.valueOf(c.data().valid()), o -> String.valueOf(o.valid)));
        m.put("--split", new Setting(c -> str(c.data().split()), o -> str(o.split)));
        m.put("--header", new Setting(c -> c.data().header(), o -> o.header));
        m.put("--target", new Setting(c -> String.valueOf(c.data().target()), o -> String.valueOf(o.target)));
        m.put("--columns", new Setting(c -> String.valueOf(c.data().columns()), o -> String.valueOf(o.columns)));
        m.put("--stride", new Setting(c -> str(c.data().stride()), o -> str(o.stride)));
        m.put("--horizon", new Setting(c -> str(c.data().horizon()), o -> str(o.horizon)));
        m.put("--inputs", new Setting(c -> c.data().inputs(), o -> o.inputs));
        m.put("--pool", new Setting(c -> c.model().pooling() == null ? "-" : lower(c.model().pooling()),
                o -> o.pool));
        m.put("--reduction", new Setting(c -> lower(c.training().reduction()), o -> o.reduction));
        m.put("--hidden", new Setting(c -> str(c.model().hidden()), o -> str(o.hidden)));
        m.put("--layers", new Setting(c -> str(c.model().layers()), o -> str(o.layers)));
        m.put("--bidirectional", new Setting(c -> str(c.model().bidirectional()), o -> str(o.bidirectional)));
        m.put("--dropout", new Setting(c -> str(c.model().dropout()), o -> str(o.dropout)));
        m.put("--recurrent-dropout", new Setting(c -> str(c.model().recurrentDropout()), o -> str(o.recurrentDropout)));
        m.put("--variational", new Setting(c -> str(c.model().variational()), o -> str(o.variational)));
        m.put("--dense", new Setting(c -> str(c.model().front().dense()), o -> str(o.dense)));
        m.put("--conv", new Setting(c -> str(c.model().front().convChannels()), o -> str(o.convChannels)));
        m.put("--frames", new Setting(c -> String.valueOf(c.data().frames()), o -> o.frames == null ? "null"
                : parsedFrames(o.frames)));
        m.put("--conv2d", new Setting(c -> c.model().front().conv2d().toString(), o -> o.conv2d.stream()
                .map(Resumption::parsedBlock).toList().toString()));
        m.put("--conv-kernel", new Setting(c -> c.model().front().convChannels() == 0 ? "-"
                : str(c.model().front().convKernel()), o -> str(o.convKernel)));
        m.put("--steps", new Setting(c -> str(c.training().steps()), o -> str(o.steps)));
        m.put("--bptt", new Setting(c -> str(c.training().bptt()), o -> str(o.bptt())));
        m.put("--batch", new Setting(c -> str(c.training().batch()), o -> str(o.batch)));
        m.put("--optimizer", new Setting(c -> c.training().optimizer(), o -> o.optimizer));
        m.put("--schedule", new Setting(c -> c.training().schedule(), o -> o.schedule));
        m.put("--momentum", new Setting(c -> str(c.training().momentum()), o -> str(o.momentum)));
        m.put("--weight-decay", new Setting(c -> str(c.training().weightDecay()), o -> str(o.weightDecay)));
        m.put("--clip-value", new Setting(c -> str(c.training().clipValue()), o -> str(o.clipValue)));
        m.put("--clip-norm", new Setting(c -> str(c.training().clipNorm()), o -> str(o.clipNorm)));
        m.put("--seed", new Setting(c -> str(c.training().seed()), o -> str(o.seed)));
        m.put("--size", new Setting(c -> c.model().sizes().toString(), (o, c) -> {
            Map<String, Integer> merged = new TreeMap<>(c.model().sizes());
            merged.putAll(o.sizes);
            return merged.toString();
        }));
        return m;
    }

    /**
     * The saved run with the learning rate, backend and precision given on the command line;
     * a {@link UsageError} listing every other option given with another value than the saved one.
     */
    static RunConfig apply(RunConfig saved, ParseResult given, TrainOptions o, PrintWriter out) {
        List<String> refused = new ArrayList<>();
        SAME.forEach((name, s) -> {
            if (given.hasMatchedOption(name)) {
                String was = s.saved().apply(saved);
                String now = s.given().apply(o, saved);
                if (!was.equals(now)) {
                    refused.add(name + " " + now + " (the saved run has " + was + ")");
                }
            }
        });
        if (!refused.isEmpty()) {
            throw new UsageError("--resume continues the saved run and cannot change " + String.join(", ", refused)
                    + "; start a new run for that, with --init-from to begin from the saved parameters");
        }
        RunConfig run = saved;
        if (given.hasMatchedOption("--lr") && o.lr != saved.training().lr()) {
            out.printf("learning rate: %s instead of the saved run's %s%n", str(o.lr), str(saved.training().lr()));
            run = run.withTraining(run.training().withLr(o.lr));
        }
        run = evaluation(run, given, o, out);
        boolean backend = given.hasMatchedOption("--backend");
        boolean precision = given.hasMatchedOption("--precision");
        if (backend || precision) {
            var model = run.model().on(backend ? Options.backend(o.backend) : run.model().backend(),
                    precision ? Options.float64(o.precision) : run.model().float64());
            if (!model.equals(run.model())) {
                out.printf("continuing on the %s backend in %s (the saved run computed on %s in %s)%n",
                        lower(model.backend()), model.float64() ? "float64" : "float32", lower(run.model().backend()),
                        run.model().float64() ? "float64" : "float32");
                run = run.withModel(model);
            }
        }
        return run;
    }

    /** The run with the held-out evaluations and the patience given again, each change announced. */
    private static RunConfig evaluation(RunConfig run, ParseResult given, TrainOptions o, PrintWriter out) {
        RunConfig.Training t = run.training();
        long every = given.hasMatchedOption("--eval-every") ? o.evalEvery : t.evalEvery();
        int patience = given.hasMatchedOption("--patience") ? o.patience : t.patience();
        if (patience > 0 && every == 0) {
            throw new UsageError("--patience counts held-out evaluations, and the saved run evaluates only at its end; "
                    + "give --eval-every N too");
        }
        if (every != t.evalEvery()) {
            out.printf("held-out evaluation every %d steps instead of the saved run's %s%n", every,
                    t.evalEvery() == 0 ? "at the end only" : "every " + t.evalEvery());
        }
        if (patience != t.patience()) {
            out.printf("patience: %d evaluations instead of the saved run's %d%n", patience, t.patience());
        }
        return run.withTraining(t.withEvaluation(every, patience));
    }

    /**
     * The step the resumed run ends at: the saved one, or what {@code --max-steps} or
     * {@code --epochs} say, announced when it differs.
     */
    static long length(RunConfig saved, ParseResult given, TrainOptions o, int stepsPerEpoch, PrintWriter out) {
        long was = saved.training().totalSteps();
        long total = given.hasMatchedOption("--max-steps") && o.maxSteps > 0 ? o.maxSteps
                : given.hasMatchedOption("--epochs") ? (long) stepsPerEpoch * o.epochs : was;
        if (total != was) {
            out.printf("the run's length: %d steps instead of the saved %d%n", total, was);
        }
        return total;
    }

    private static String str(Object v) {
        return v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString(d.longValue())
                : String.valueOf(v);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
