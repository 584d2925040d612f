package io.osprey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The benchmarks' temporary work folders (broker logs, state, checkpoints). */
final class WorkDirs {
  private WorkDirs() {}

  /** Deletes a temporary folder and what it holds; a failure leaves it to the OS. */
  static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary directory: the OS cleans it eventually
    }
  }
}
