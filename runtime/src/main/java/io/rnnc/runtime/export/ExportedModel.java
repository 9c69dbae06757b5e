package io.rnnc.runtime.export;

import com.google.gson.Gson;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.io.SafetensorsException;
import io.rnnc.runtime.kernels.Kernel;
import io.rnnc.runtime.kernels.LaneSupport;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.step.CellStepper;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.step.PlanKernels;
import io.rnnc.runtime.step.PlanStepper;
import io.rnnc.runtime.step.Steppable;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.TextGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model exported by {@code rnnc export}, loaded from the jar it runs in: the Java entry point
 * of an exported model. Needs only the runtime: the plan of each layer's step, the generated
 * kernels and the parameters are in the jar.
 *
 * <pre>{@code
 * ExportedModel model = ExportedModel.open();
 * String text = model.generate("And God said", new TextGenerator.Options(200, 0.7, 0, 1, 1, List.of()));
 * }</pre>
 */
public final class ExportedModel implements Steppable {
    private final ModelFile file;
    private final Vocabulary vocabulary;
    private final List<CellPlan> plans = new ArrayList<>();
    private final List<Function<String, Kernel>> kernels = new ArrayList<>();
    private final List<Map<String, Tensor>> layerParams = new ArrayList<>();
    private final Tensor headWeight;
    private final Tensor headBias;

    private ExportedModel(ModelFile file, Map<String, Tensor> params) {
        this.file = file;
        this.vocabulary = Vocabulary.fromJson(file.vocabulary(), ModelFile.RESOURCE);
        int lanes = LaneSupport.floatLanes();
        for (int k = 0; k < file.layers().size(); k++) {
            CellPlan plan = runnable(file.layers().get(k), lanes);
            plans.add(plan);
            kernels.add(PlanKernels.load(plan));
            String suffix = "_l" + k;
            Map<String, Tensor> mine = new LinkedHashMap<>();
            params.forEach((name, t) -> {
                if (name.endsWith(suffix)) {
                    mine.put(name.substring(0, name.length() - suffix.length()), t);
                }
            });
            layerParams.add(mine);
        }
        this.headWeight = params.get("head.weight");
        this.headBias = params.get("head.bias");
    }

    /** The plan whose kernels this JVM runs: vector loops of its width where it has the Vector API, else scalar ones. */
    private static CellPlan runnable(List<CellPlan> variants, int lanes) {
        for (CellPlan p : variants) {
            if (p.lanes() == lanes) {
                return p;
            }
        }
        return variants.stream().filter(p -> p.lanes() == 0).findFirst().orElseThrow(() -> new DataException(
                ModelFile.RESOURCE + ": no layer plan runs without the Vector API; start java with "
                        + "--add-modules jdk.incubator.vector"));
    }

    /**
     * The model of the jar this class was loaded from.
     *
     * @throws DataException when the jar holds no model or a damaged one
     */
    public static ExportedModel open() {
        ClassLoader loader = ExportedModel.class.getClassLoader();
        byte[] json = resource(loader, ModelFile.RESOURCE);
        byte[] params = resource(loader, ModelFile.PARAMETERS);
        try {
            ModelFile file = new Gson().fromJson(new String(json, StandardCharsets.UTF_8), ModelFile.class);
            return new ExportedModel(file, Safetensors.read(ModelFile.PARAMETERS, params).tensors());
        } catch (SafetensorsException e) {
            throw new DataException(e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(ModelFile.RESOURCE + ": not a model this runtime can read (" + e.getMessage() + ")");
        }
    }

    private static byte[] resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new DataException("this jar holds no exported model (" + name + " is missing)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DataException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** What the model does: {@code lm} for a language model. */
    public String task() {
        return file.task();
    }

    /** The tokens the model reads and predicts. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int inputSize() {
        return plans.get(0).inputSize();
    }

    @Override
    public int outputSize() {
        return headWeight.dim(0);
    }

    @Override
    public ModelStepper stepper(int batch) {
        List<CellStepper> cells = new ArrayList<>();
        for (int k = 0; k < plans.size(); k++) {
            cells.add(new PlanStepper(plans.get(k), layerParams.get(k), batch, kernels.get(k), Blas.get()));
        }
        return ModelStepper.of(cells, headWeight, headBias);
    }

    /**
     * The prompt followed by the text the model generates after it, as {@code rnnc sample} generates it.
     *
     * @throws DataException when the prompt holds a token the vocabulary lacks
     */
    public String generate(String prompt, TextGenerator.Options options) {
        return new TextGenerator(this, vocabulary).sample(prompt, options);
    }
}
