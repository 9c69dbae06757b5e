package io.rnnc.cli;

import io.rnnc.runtime.data.FrameSequences;
import io.rnnc.runtime.data.Gestures;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc gestures`: writes the generated gesture data set (a disc moving along one of six paths
 * in noisy frames, with a distractor) as a .npz file that `rnnc train --frames` reads.
 */
@Command(name = "gestures",
        description = "Write the sample gesture data: image sequences of a disc moving along one of six paths.")
final class GesturesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE.npz", description = "Where to write.")
    Path out;

    @Option(names = "--count", defaultValue = "2400", description = "Sequences (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the data (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--noise", defaultValue = "0.15",
            description = "Standard deviation of the pixel noise, intensities 0 to 1 (default ${DEFAULT-VALUE}).")
    double noise;

    @Option(names = "--distractors", defaultValue = "1",
            description = "Crosses wandering at random in every frame (default ${DEFAULT-VALUE}).")
    int distractors;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        if (count < 1) {
            throw new UsageError("--count must be at least 1");
        }
        Gestures.Settings sample = Gestures.Settings.SAMPLE;
        Gestures.Settings settings;
        try {
            settings = new Gestures.Settings(sample.size(), sample.minFrames(), sample.maxFrames(), noise, distractors);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--noise must lie in [0, 1] and --distractors in [0, 10]");
        }
        FrameSequences data = Gestures.generate(count, settings, seed);
        try {
            data.write(out);
        } catch (IOException e) {
            throw new UnavailableError(out + ": cannot write the data (" + IoReason.of(e) + ")");
        }
        stdout.printf("wrote %d sequences of %s frames (%d to %d each) to %s; classes 0 to %d: %s%n", count,
                data.shape(), settings.minFrames(), settings.maxFrames(), out, data.classCount() - 1,
                String.join(", ", data.classes()));
        stdout.flush();
        return Exit.OK;
    }
}
