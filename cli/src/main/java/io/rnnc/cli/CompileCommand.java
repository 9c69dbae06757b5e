package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.opencl.OpenClCell;
import io.rnnc.compiler.check.TypedCell;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc compile FILE -o DIR`: writes the generated classes of a cell (one per fused region,
 * forward, backward and after-the-loop) as .class files, to read with `javap -c`; with
 * `--opencl`, the OpenCL backend's kernel class and, next to it, the OpenCL C that Aparapi
 * translates it to. The code is specialised to the sizes given.
 */
@Command(name = "compile", description = "Write the generated JVM classes of a cell (readable with javap -c), "
        + "or with --opencl its OpenCL kernel class and .cl source.")
final class CompileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .rnn file, FILE:CELL for one of its cells, or stdlib:NAME.")
    String file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory for the .class files.")
    Path output;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden size H the code is specialised to (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--input", defaultValue = "128", description = "Input size X (default ${DEFAULT-VALUE}).")
    int input;

    @Option(names = "--size", paramLabel = "NAME=N", description = "Value of a size parameter (default 16).")
    Map<String, Integer> sizeParams = new HashMap<>();

    @Option(names = "--precision", defaultValue = "f32", description = "f32 or f64 (default ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--opencl", description = "Write the OpenCL kernel class and the OpenCL C Aparapi makes of it (float32) instead.")
    boolean opencl;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        TypedCell cell = CellSources.checkedCell(file, spec.commandLine().getErr());
        Map<String, Integer> sizes = cell.sizes(hidden, input,
                SizeParameters.resolve(cell, sizeParams, 16, "compile's default", spec.commandLine().getErr()), 16);
        boolean f64 = Options.float64(precision);
        if (opencl) {
            if (f64) {
                throw new UsageError("the opencl backend computes in float32; use --precision f32 with --opencl");
            }
            OpenClCell compiled = OpenClCell.compile(CellProgram.grouped(cell), sizes);
            write(out, compiled.className() + ".class", compiled.classFile());
            write(out, compiled.className() + ".cl", compiled.openClSource().getBytes(StandardCharsets.UTF_8));
        } else {
            CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), sizes, f64);
            for (Map.Entry<String, byte[]> c : compiled.classFiles().entrySet()) {
                write(out, c.getKey() + ".class", c.getValue());
            }
        }
        out.flush();
        return Exit.OK;
    }

    private void write(PrintWriter out, String relative, byte[] bytes) throws IOException {
        Path target = output.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.write(target, bytes);
        out.println(target);
    }
}
