package io.benchtap.cli;

import io.benchtap.model.NaturalOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which output file is which instance of which repetition, from the arguments of {@code benchtap
 * import}: files are the instances 1..N of one repetition, in the order given; each directory is
 * one repetition whose files, in name order, are its instances. Names are ordered with numbers
 * compared as numbers ({@code rep2} before {@code rep10}, {@code 2.txt} before {@code 10.txt}),
 * so a shell glob's order does not matter.
 *
 * <p>Failure contract: arguments that do not fit (files and directories mixed, an empty or
 * unreadable directory, more files than instances) are a {@link Main.UsageError} naming the flag
 * or the path; nothing is read but the directory listings.
 */
final class ImportPlan {

  /**
   * One file to import.
   *
   * @param file the path, or {@code -} for stdin
   * @param repetition the repetition number (1, 2, ...)
   * @param instance its instance number within the repetition, 1..instances
   * @param instances how many instances the repetition ran in parallel
   */
  record Item(String file, int repetition, int instance, int instances) {}

  private ImportPlan() {}

  /**
   * The files to import, repetition by repetition.
   *
   * @param args the FILE|DIR arguments
   * @param firstRepetition the number of the first repetition ({@code --repetition})
   * @param instance {@code --instance}, or null
   * @param instances {@code --instances}, or null (then: the number of files of the repetition)
   */
  static List<Item> of(List<String> args, int firstRepetition, Integer instance, Integer instances) {
    List<Path> dirs = new ArrayList<>();
    for (String a : args) {
      if (!a.equals("-") && Files.isDirectory(Path.of(a))) {
        dirs.add(Path.of(a));
      }
    }
    if (!dirs.isEmpty() && dirs.size() != args.size()) {
      throw new Main.UsageError("benchtap import: give either files (the instances of one repetition) or directories "
          + "(one repetition each, its files the instances), not both");
    }
    if (args.contains("-") && args.size() > 1) {
      throw new Main.UsageError("benchtap import: '-' (stdin) is one instance's output: give it alone");
    }
    if (instance != null && (args.size() > 1 || !dirs.isEmpty())) {
      throw new Main.UsageError("benchtap import: --instance names the instance of a single file; with several files "
          + "(or a directory) their order gives the instances 1..N");
    }
    if (instance != null && instances == null) {
      throw new Main.UsageError("benchtap import: --instance " + instance + " needs --instances (how many instances ran "
          + "in parallel, at least " + instance + ")");
    }
    if (instance != null && instance > instances) {
      throw new Main.UsageError("benchtap import: --instance " + instance + " is beyond --instances " + instances);
    }
    List<Item> items = new ArrayList<>();
    if (dirs.isEmpty()) {
      add(items, args, firstRepetition, instance, instances, "the files given hold");
      return items;
    }
    dirs.sort(Comparator.comparing(d -> d.getFileName() == null ? d.toString() : d.getFileName().toString(), ImportPlan::natural));
    for (int k = 0; k < dirs.size(); k++) {
      Path d = dirs.get(k);
      List<String> files;
      try (Stream<Path> s = Files.list(d)) {
        files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
            .map(Path::toString).sorted(Comparator.comparing(f -> Path.of(f).getFileName().toString(), ImportPlan::natural))
            .toList();
      } catch (IOException e) {
        throw new Main.UsageError("benchtap import: " + d + ": cannot list (" + e.getMessage() + ")");
      }
      if (files.isEmpty()) {
        throw new Main.UsageError("benchtap import: " + d + ": no files (a directory is one repetition, its files the instances)");
      }
      add(items, files, firstRepetition + k, null, instances, d + " holds");
    }
    return items;
  }

  private static void add(List<Item> items, List<String> files, int repetition, Integer instance, Integer instances,
      String where) {
    int n = instances != null ? instances : files.size();
    if (files.size() > n) {
      throw new Main.UsageError("benchtap import: --instances " + n + " but " + where + " " + files.size()
          + " files (one file per instance)");
    }
    for (int i = 0; i < files.size(); i++) {
      items.add(new Item(files.get(i), repetition, instance != null ? instance : i + 1, n));
    }
  }

  /** Compares names with runs of digits compared as numbers: {@code rep2 < rep10} ({@link NaturalOrder}). */
  static int natural(String a, String b) {
    return NaturalOrder.compare(a, b);
  }
}
