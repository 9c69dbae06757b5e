package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command answers `--help`, `-h` and `rnnc help CMD` with its usage and the exit
 * statuses, and exits 0, whatever required option is missing.
 */
class HelpTest {
    static Stream<String> commands() {
        return new CommandLine(new Main()).getSubcommands().keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyFormOfHelpPrintsUsageAndExitsZero(String command) {
        for (List<String> args : List.of(List.of(command, "--help"), List.of(command, "-h"), List.of("help", command))) {
            TrainCommandTest.Result r = TrainCommandTest.rnnc(args.toArray(String[]::new));
            assertEquals(Exit.OK, r.status(), args + ": " + r.out() + r.err());
            assertTrue(r.out().contains("Usage: rnnc " + command), args + ": " + r.out());
            assertTrue(r.out().contains("Exit status:") && r.out().contains("bad input"), args + ": " + r.out());
            assertEquals("", r.err(), args.toString());
        }
    }

    /** The commands that take options of their own (picocli's `help` reads any word as a command name). */
    static Stream<String> commandsWithOptions() {
        return commands().filter(c -> !c.equals("help"));
    }

    @ParameterizedTest
    @MethodSource("commandsWithOptions")
    void aWrongCommandLineIsOneSentenceAndAUsageError(String command) {
        TrainCommandTest.Result r = TrainCommandTest.rnnc(command, "--no-such-option");
        assertEquals(Exit.USAGE, r.status(), r.out() + r.err());
        assertTrue(r.err().startsWith("rnnc: "), r.err());
        assertTrue(r.err().contains("see `rnnc " + command + " --help`"), r.err());
        assertTrue(r.err().lines().count() <= 3, "a sentence and a pointer to the help, not the usage: " + r.err());
    }
}
