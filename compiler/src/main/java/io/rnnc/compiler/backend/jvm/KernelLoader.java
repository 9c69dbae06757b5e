package io.rnnc.compiler.backend.jvm;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A private class loader for generated classes. It also serves each class's bytes as a
 * resource, because tools that read bytecode back (Aparapi translating a kernel to OpenCL,
 * `javap`) ask the loader for the class file.
 */
public final class KernelLoader extends ClassLoader {
    private final Map<String, byte[]> classes = new ConcurrentHashMap<>();

    /** A loader whose parent is {@code parent}. */
    public KernelLoader(ClassLoader parent) {
        super(parent);
    }

    /** Defines a class from its bytes (internal name with slashes). */
    public Class<?> define(String internalName, byte[] bytes) {
        classes.put(internalName + ".class", bytes);
        return defineClass(internalName.replace('/', '.'), bytes, 0, bytes.length);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
        byte[] bytes = classes.get(name);
        return bytes != null ? new ByteArrayInputStream(bytes) : super.getResourceAsStream(name);
    }
}
