package io.rnnc.runtime;

/**
 * What rnnc throws for a problem its user can fix: a cell that does not check, a checkpoint or
 * data file that cannot be used, a backend that cannot run as asked. Catching this type catches
 * all of them; each subclass is one kind of problem. The message is one sentence in the Java
 * API's terms; where a setting avoids the problem, {@link #remedy()} names it, so that a
 * command line can say which of its options to change instead.
 */
public abstract class RnncException extends RuntimeException {
    private final String problem;
    private final Remedy remedy;

    /**
     * @param problem one sentence naming the file or thing and what is wrong
     * @param remedy the setting that avoids it, or null where none does
     */
    protected RnncException(String problem, Remedy remedy) {
        super(remedy == null ? problem : problem + "; " + remedy.advice());
        this.problem = problem;
        this.remedy = remedy;
    }

    /** The problem alone, without the advice of {@link #remedy()}. */
    public String problem() {
        return problem;
    }

    /** The setting that avoids the problem, or null where none does. */
    public Remedy remedy() {
        return remedy;
    }
}
