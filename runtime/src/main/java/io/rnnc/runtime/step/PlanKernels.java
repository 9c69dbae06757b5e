package io.rnnc.runtime.step;

import io.rnnc.runtime.kernels.Kernel;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** The kernels of a plan, defined from the class files it carries, without the compiler. */
public final class PlanKernels extends ClassLoader {
    private final Map<String, byte[]> classes;

    private PlanKernels(Map<String, byte[]> classes) {
        super(PlanKernels.class.getClassLoader());
        this.classes = classes;
    }

    /** Defines every kernel class of {@code plan} in a loader of its own and returns each kernel by name. */
    public static Function<String, Kernel> load(CellPlan plan) {
        PlanKernels loader = new PlanKernels(plan.kernelClasses());
        Map<String, Kernel> kernels = new HashMap<>();
        for (String name : plan.kernelClasses().keySet()) {
            try {
                kernels.put(name, (Kernel) loader.loadClass(name).getConstructor().newInstance());
            } catch (ClassNotFoundException | InstantiationException | IllegalAccessException
                     | InvocationTargetException | NoSuchMethodException e) {
                throw new IllegalStateException("the plan's kernel " + name + " could not be loaded", e);
            }
        }
        return kernels::get;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
