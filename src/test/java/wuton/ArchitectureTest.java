package wuton;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The packages' arrows run one way: {@code cli -> {serve, eval, train, TryOn} -> modelfile -> {model, data,
 * synth} -> image -> labels -> nn}, with {@code common} (errors, atomic files) usable by all, and {@code synth}
 * (the synthetic world) reached only from {@code cli} and {@code serve}: training and evaluation read a world as
 * any dataset. {@code vision} (real pretrained pose, person-mask and Inception-v3 models) may be used from {@code data} upwards
 * and itself uses only {@code image}, {@code labels} and {@code nn}. {@code train.distributed} (data-parallel
 * training over c10d) uses only {@code common} and libtorch. A class that imports against that flow, or two packages that import each other, fail here with the
 * offending line.
 */
@AnalyzeClasses(packages = "wuton", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final DescribedPredicate<JavaClass> TRY_ON_API =
        DescribedPredicate.describe("the TryOn API", c -> c.getPackageName().equals("wuton"));

    @ArchTest
    static final ArchRule LAYERS = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("wuton.cli..")
        .optionalLayer("serve").definedBy("wuton.serve..")
        .layer("eval").definedBy("wuton.eval..")
        .layer("train").definedBy("wuton.train..")
        .layer("api").definedBy(TRY_ON_API)
        .layer("modelfile").definedBy("wuton.modelfile..")
        .layer("model").definedBy("wuton.model..")
        .layer("data").definedBy("wuton.data..")
        .layer("synth").definedBy("wuton.synth..")
        .layer("vision").definedBy("wuton.vision..")
        .layer("image").definedBy("wuton.image..")
        .layer("labels").definedBy("wuton.labels..")
        .layer("nn").definedBy("wuton.nn..")
        .layer("common").definedBy("wuton.common..")

        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("serve").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("eval").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("train").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("api").mayOnlyBeAccessedByLayers("cli", "serve")
        .whereLayer("modelfile").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api")
        .whereLayer("model").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api", "modelfile")
        .whereLayer("synth").mayOnlyBeAccessedByLayers("cli", "serve")
        .whereLayer("vision").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api", "modelfile", "model",
            "data")
        .whereLayer("data").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api", "modelfile", "synth")
        .whereLayer("image").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api", "modelfile", "model",
            "data", "synth", "vision")
        .whereLayer("labels").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api", "modelfile", "model",
            "data", "synth", "vision", "image")
        .whereLayer("nn").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api", "modelfile", "model",
            "data", "synth", "vision", "image", "labels")
        .whereLayer("common").mayOnlyBeAccessedByLayers("cli", "serve", "eval", "train", "api", "modelfile", "model",
            "data", "synth", "vision", "image", "labels", "nn");

    @ArchTest
    static final ArchRule NO_CYCLES = slices().matching("wuton.(*)..").should().beFreeOfCycles();

    /**
     * The data-parallel machinery (c10d groups, gradient buckets) knows only tensors and modules: the training loop
     * calls it, never the other way round.
     */
    @ArchTest
    static final ArchRule DISTRIBUTED_STANDS_ALONE = noClasses().that().resideInAPackage("wuton.train.distributed..")
        .should().dependOnClassesThat().resideOutsideOfPackages("wuton.train.distributed..", "wuton.common..", "java..",
            "org.bytedeco..", "org.slf4j..");

    /** The tensor building blocks know nothing of the product above them. */
    @ArchTest
    static final ArchRule NN_STANDS_ALONE = noClasses().that().resideInAPackage("wuton.nn..")
        .should().dependOnClassesThat().resideOutsideOfPackages("wuton.nn..", "wuton.common..", "java..", "javax..",
            "org.bytedeco..", "org.slf4j..", "com.fasterxml..");
}
