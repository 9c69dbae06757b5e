package io.rnnc.runtime.train;

import java.util.function.BooleanSupplier;

/** Runs training steps from a {@link StepSource} until a step count is reached or a stop is asked. */
public final class TrainingLoop {
    /** Hears about every finished step. */
    public interface Listener {
        /**
         * @param step steps finished so far
         * @param result the step's result
         * @param sequences sequences in the step's batch
         */
        void stepped(long step, Trainer.StepResult result, int sequences);
    }

    private TrainingLoop() {
    }

    /** Trains from the trainer's current step up to {@code totalSteps}, quietly. */
    public static void run(Trainer trainer, StepSource source, long totalSteps) {
        run(trainer, source, totalSteps, (step, result, sequences) -> { }, () -> false);
    }

    /**
     * Trains from the trainer's current step up to {@code totalSteps}.
     *
     * @param stop checked before each step; true ends the loop early
     * @return true if all steps ran, false if stopped early
     */
    public static boolean run(Trainer trainer, StepSource source, long totalSteps, Listener listener, BooleanSupplier stop) {
        while (trainer.steps() < totalSteps) {
            if (stop.getAsBoolean()) {
                return false;
            }
            long step = trainer.steps();
            StepSource.Work work = source.work(step);
            Trainer.StepResult result = trainer.step(work.batch(), work.initial());
            source.finished(step, result.finalStates());
            listener.stepped(trainer.steps(), result, work.batch().size());
        }
        return true;
    }
}
