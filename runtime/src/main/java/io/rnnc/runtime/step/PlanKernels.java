package io.rnnc.runtime.step;

import io.rnnc.runtime.kernels.Kernel;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The kernels of a plan without the compiler: classes already on the class path (an exported
 * model's jar holds them) or else defined from the class files the plan carries.
 */
public final class PlanKernels extends ClassLoader {
    private final Map<String, byte[]> classes;

    private PlanKernels(Map<String, byte[]> classes) {
        super(PlanKernels.class.getClassLoader());
        this.classes = classes;
    }

    /** Each kernel of {@code plan} by name, its class found on the class path or defined from the plan. */
    public static Function<String, Kernel> load(CellPlan plan) {
        PlanKernels loader = new PlanKernels(plan.kernelClasses());
        Map<String, Kernel> kernels = new HashMap<>();
        List<String> names = Stream.concat(plan.hoist().stream(), plan.forward().stream()).map(CellPlan.StagePlan::kernel)
                .filter(Objects::nonNull).toList();
        for (String name : names) {
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
