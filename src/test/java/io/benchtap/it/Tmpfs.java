package io.benchtap.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A small tmpfs mounted for one test (needs root, as bin/test runs): a real file system that
 * fills up ({@code ENOSPC}) or turns read-only ({@code EROFS}) under the process that writes to
 * it, where permissions would not stop root. Unmounted on close.
 */
final class Tmpfs implements AutoCloseable {
  final Path path;
  private final File log;

  private Tmpfs(Path path, File log) {
    this.path = path;
    this.log = log;
  }

  static Tmpfs mount(Path path, long bytes, File log) throws Exception {
    Files.createDirectories(path);
    int rc = ItEnv.run(Duration.ofSeconds(10), log, "mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", path.toString());
    if (rc != 0) {
      throw new AssertionError("cannot mount a tmpfs on " + path + " (exit " + rc + "; the test needs root, as bin/test runs): "
          + Files.readString(log.toPath()));
    }
    return new Tmpfs(path, log);
  }

  /** Fills the file system but for about {@code leave} bytes (with a file the test can delete). */
  Path fill(long leave) throws Exception {
    Path filler = path.resolve("filler");
    java.nio.file.FileStore store = Files.getFileStore(path);
    long free = store.getUsableSpace();
    try (var out = Files.newOutputStream(filler)) {
      byte[] chunk = new byte[4096];
      for (long left = free - leave; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return filler;
  }

  void readOnly(boolean ro) throws Exception {
    int rc = ItEnv.run(Duration.ofSeconds(10), log, "mount", "-o", "remount," + (ro ? "ro" : "rw"), path.toString());
    if (rc != 0) {
      throw new AssertionError("cannot remount " + path + (ro ? " read-only" : " read-write"));
    }
  }

  @Override
  public void close() throws Exception {
    ItEnv.run(Duration.ofSeconds(10), log, "umount", "-l", path.toString());
  }
}
