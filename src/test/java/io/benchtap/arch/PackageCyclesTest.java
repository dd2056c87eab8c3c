package io.benchtap.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
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
 * top-level packages of {@code io.benchtap}, the packages everything else builds on depend on
 * nothing of ours but each other, and no package outside {@code parse} reaches into a tool's. No cycle is frozen: a new one fails the build, naming the
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

  /**
   * Adding a tool never touches the core (docs/adding-a-tool.md): outside {@code parse}, nothing
   * uses a tool's own package ({@code parse.sysbench}, {@code parse.iperf3}, ...) nor what the
   * tools share ({@code parse.support}); the pipeline, sinks, analysis, reports, serve, the HTTP
   * side, the agent and the commands know a tool only through the {@code ToolParser} SPI, the
   * registry and the metrics the parsers declare.
   */
  @Test
  void nothingOutsideParseDependsOnAToolsPackage() {
    noClasses().that().resideOutsideOfPackage("io.benchtap.parse..")
        .should().dependOnClassesThat().resideInAPackage("io.benchtap.parse.(*)..")
        .because("a tool is its folder, its fixtures and one service line").check(main);
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
