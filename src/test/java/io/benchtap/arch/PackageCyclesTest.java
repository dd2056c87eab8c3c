package io.benchtap.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the main code (docs/architecture.md, "Packages"): no cycle between the
 * top-level packages of {@code io.benchtap}, and the packages everything else builds on depend on
 * nothing of ours but each other. No cycle is frozen: a new one fails the build, naming the
 * classes on each edge.
 */
class PackageCyclesTest {
  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.benchtap");
  }

  @Test
  void noCycleBetweenTopLevelPackages() {
    slices().matching("io.benchtap.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void theFoundationsDependOnNothingAboveThem() {
    onlyOn("model");
    onlyOn("log");
    onlyOn("config");
    onlyOn("contract", "model");
    onlyOn("parse", "model");
  }

  /** Classes of {@code io.benchtap.pkg..} use, of ours, only their own package and {@code allowed}. */
  private static void onlyOn(String pkg, String... allowed) {
    String[] ours = Stream.concat(Stream.of(pkg), Arrays.stream(allowed)).map(p -> "io.benchtap." + p + "..")
        .toArray(String[]::new);
    classes().that().resideInAPackage("io.benchtap." + pkg + "..")
        .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.benchtap..").or(resideInAnyPackage(ours)))
        .check(main);
  }
}
