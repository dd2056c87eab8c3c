package io.benchtap.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportPlanTest {

  @Test
  void filesAreTheInstancesOfOneRepetitionInTheOrderGiven() {
    List<ImportPlan.Item> plan = ImportPlan.of(List.of("b.txt", "a.txt", "c.txt"), 7, null, null);
    assertThat(plan).containsExactly(new ImportPlan.Item("b.txt", 7, 1, 3), new ImportPlan.Item("a.txt", 7, 2, 3),
        new ImportPlan.Item("c.txt", 7, 3, 3));
    assertThat(ImportPlan.of(List.of("x.txt"), 1, 3, 4)).containsExactly(new ImportPlan.Item("x.txt", 1, 3, 4));
    assertThat(ImportPlan.of(List.of("x.txt", "y.txt"), 1, null, 16)).extracting(ImportPlan.Item::instances).containsOnly(16);
  }

  @Test
  void directoriesAreRepetitionsInNumericNameOrderAndTheirFilesTheInstances(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>();
    for (String rep : List.of("rep10", "rep2", "rep1")) {
      Path d = Files.createDirectories(dir.resolve(rep));
      for (String f : List.of("inst10.txt", "inst2.txt", "inst1.txt", ".hidden")) {
        Files.writeString(d.resolve(f), "");
      }
      Files.createDirectories(d.resolve("subdir"));
      args.add(d.toString());
    }
    List<ImportPlan.Item> plan = ImportPlan.of(args, 1, null, null);
    assertThat(plan).hasSize(9);
    assertThat(plan.get(0)).isEqualTo(new ImportPlan.Item(dir.resolve("rep1/inst1.txt").toString(), 1, 1, 3));
    assertThat(plan.get(1)).isEqualTo(new ImportPlan.Item(dir.resolve("rep1/inst2.txt").toString(), 1, 2, 3));
    assertThat(plan.get(2)).isEqualTo(new ImportPlan.Item(dir.resolve("rep1/inst10.txt").toString(), 1, 3, 3));
    assertThat(plan.get(3).file()).isEqualTo(dir.resolve("rep2/inst1.txt").toString());
    assertThat(plan.get(3).repetition()).isEqualTo(2);
    assertThat(plan.get(8)).isEqualTo(new ImportPlan.Item(dir.resolve("rep10/inst10.txt").toString(), 3, 3, 3));
    assertThat(ImportPlan.of(args, 11, null, 4)).extracting(ImportPlan.Item::repetition).containsOnly(11, 12, 13);
  }

  @Test
  void namesCompareWithNumbersAsNumbers() {
    List<String> names = new ArrayList<>(List.of("rep10", "rep2", "rep01", "rep1", "a", "rep", "rep2b", "rep002"));
    names.sort(ImportPlan::natural);
    assertThat(names).containsExactly("a", "rep", "rep01", "rep1", "rep002", "rep2", "rep2b", "rep10");
  }

  @Test
  void anEmptyDirectoryOrMoreFilesThanInstancesIsAUsageError(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectories(dir.resolve("rep1"));
    assertThatThrownBy(() -> ImportPlan.of(List.of(empty.toString()), 1, null, null)).isInstanceOf(Main.UsageError.class)
        .hasMessage("benchtap import: " + empty + ": no files (a directory is one repetition, its files the instances)");
    Files.writeString(empty.resolve("1.txt"), "");
    Files.writeString(empty.resolve("2.txt"), "");
    assertThatThrownBy(() -> ImportPlan.of(List.of(empty.toString()), 1, null, 1)).isInstanceOf(Main.UsageError.class)
        .hasMessage("benchtap import: --instances 1 but " + empty + " holds 2 files (one file per instance)");
    assertThatThrownBy(() -> ImportPlan.of(List.of("-", "x.txt"), 1, null, null)).isInstanceOf(Main.UsageError.class)
        .hasMessageContaining("'-' (stdin) is one instance's output");
    assertThatThrownBy(() -> ImportPlan.of(List.of("x.txt"), 1, 5, 4)).isInstanceOf(Main.UsageError.class)
        .hasMessage("benchtap import: --instance 5 is beyond --instances 4");
  }
}
