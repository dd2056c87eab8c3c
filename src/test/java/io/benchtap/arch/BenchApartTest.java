package io.benchtap.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load generator stays out of the product (docs/architecture.md, "Packages"): the product's
 * classes (target/classes, what benchtap.jar is made of) hold nothing of {@code io.benchtap.bench}
 * and use nothing of it, and the bench's own classes (target/bench-classes, what
 * benchtap-bench.jar is made of) are all in {@code io.benchtap.bench..}, without a cycle between
 * its packages. The jars themselves are checked after packaging by {@code it/JarContentsIT}.
 */
class BenchApartTest {
  private static final Path BENCH_CLASSES = Path.of("target", "bench-classes");
  private static JavaClasses product;
  private static JavaClasses bench;

  @BeforeAll
  static void importBothSourceRoots() {
    // The test tree compiles the bench sources too (target/test-classes): left out, so that
    // "product" is target/classes alone; the bench is read from its own output directory.
    product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.benchtap");
    assertThat(BENCH_CLASSES.resolve("io/benchtap/bench/cli/BenchMain.class"))
        .as("the bench's classes, compiled by the bench-compile execution (mvn test-compile)").isRegularFile();
    bench = new ClassFileImporter().importPath(BENCH_CLASSES);
  }

  @Test
  void theProductHoldsNoBenchClass() {
    noClasses().should().resideInAPackage("io.benchtap.bench..").check(product);
  }

  @Test
  void noProductClassUsesTheBench() {
    noClasses().that().resideOutsideOfPackage("io.benchtap.bench..")
        .should().dependOnClassesThat().resideInAPackage("io.benchtap.bench..").check(product);
  }

  @Test
  void everyBenchClassIsInTheBenchPackages() {
    classes().should().resideInAPackage("io.benchtap.bench..").check(bench);
  }

  @Test
  void noCycleBetweenTheBenchPackages() {
    slices().matching("io.benchtap.(**)").should().beFreeOfCycles().check(bench);
  }
}
