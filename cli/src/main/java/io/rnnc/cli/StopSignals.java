package io.rnnc.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM while training: the first asks the loop to stop after the step in
 * progress, so that the run saves it and exits with {@link Exit#INTERRUPTED}; a second one stops
 * at once, the last checkpoint on disk left as it is. Outside training, the JVM's own handling
 * stands: nothing is lost by stopping then.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    private StopSignals() {
    }

    /** Handles both signals until closed. */
    static StopSignals install(PrintWriter err) {
        StopSignals s = new StopSignals();
        for (String name : new String[] {"INT", "TERM"}) {
            Signal signal = new Signal(name);
            s.previous.put(signal, Signal.handle(signal, caught -> {
                if (s.stop.getAndSet(true)) {
                    err.printf("%nrnnc: stopped at once; the last checkpoint saved is as it was%n");
                    err.flush();
                    Runtime.getRuntime().halt(Exit.INTERRUPTED);
                }
            }));
        }
        return s;
    }

    /** Whether a stop was asked. */
    boolean stopAsked() {
        return stop.get();
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
