package io.benchtap.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars `mvn package` makes, as shipped: target/benchtap.jar (the product, shaded) holds no
 * class of the load generator and none of its classes uses one; target/benchtap-bench.jar holds
 * only the load generator and runs with {@code java -jar}, finding the product's classes through
 * its manifest's Class-Path. Needs no service; runs after the package phase (failsafe).
 */
class JarContentsIT {
  private static JavaClasses product;
  private static JavaClasses bench;

  @TempDir
  Path dir;

  @BeforeAll
  static void importTheJars() throws IOException {
    // Only benchtap's own classes of the shaded jar: its libraries are not ours to check.
    ClassFileImporter ours = new ClassFileImporter().withImportOption(l -> l.contains("!/io/benchtap/"));
    try (JarFile p = new JarFile(ItEnv.jar()); JarFile b = new JarFile(benchJar())) {
      product = ours.importJar(p);
      bench = new ClassFileImporter().importJar(b);
    }
  }

  private static String benchJar() {
    String jar = System.getProperty("benchtap.benchJar");
    assertThat(jar).as("system property benchtap.benchJar (set by pom.xml for failsafe)").isNotNull();
    assertThat(new File(jar)).as("the bench jar, made in the package phase").isFile();
    return jar;
  }

  @Test
  void theProductJarHoldsNoLoadGeneratorAndUsesNone() throws IOException {
    assertThat(product.contain("io.benchtap.cli.Main")).as("benchtap's classes were read from the jar").isTrue();
    noClasses().should().resideInAPackage("io.benchtap.bench..").check(product);
    noClasses().should().dependOnClassesThat().resideInAPackage("io.benchtap.bench..").check(product);
    try (JarFile p = new JarFile(ItEnv.jar())) {
      assertThat(p.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/benchtap/bench"))).as("entries").isEmpty();
    }
  }

  @Test
  void theBenchJarHoldsOnlyTheLoadGeneratorAndNamesTheProductJarBesideIt() throws IOException {
    assertThat(bench.contain("io.benchtap.bench.soak.SoakRun")).isTrue();
    classes().should().resideInAPackage("io.benchtap.bench..").check(bench);
    try (JarFile b = new JarFile(benchJar())) {
      Attributes m = b.getManifest().getMainAttributes();
      assertThat(m.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.benchtap.bench.cli.BenchMain");
      assertThat(m.getValue(Attributes.Name.CLASS_PATH)).isEqualTo("benchtap.jar");
    }
  }

  @Test
  void benchJarRunsWithJavaJarAndTheProductsBenchSaysWhereItWent() throws Exception {
    File help = dir.resolve("help.txt").toFile();
    assertThat(ItEnv.run(Duration.ofSeconds(60), help, "java", "-jar", benchJar(), "soak", "--help")).isZero();
    // picocli and the soak's options come from two jars: the bench's classes and, through the
    // manifest's Class-Path, the product's libraries.
    assertThat(Files.readString(help.toPath())).contains("Usage: benchtap-bench soak").contains("--minutes");

    File moved = dir.resolve("moved.txt").toFile();
    assertThat(ItEnv.run(Duration.ofSeconds(60), moved, "java", "-jar", ItEnv.jar(), "bench", "soak", "--minutes", "1")).isEqualTo(2);
    List<String> lines = Files.readAllLines(moved.toPath());
    assertThat(lines).singleElement().asString().contains("not part of benchtap.jar").contains("bin/soak");
  }
}
