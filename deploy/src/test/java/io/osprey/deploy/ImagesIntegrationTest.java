package io.osprey.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each component's image, as the build left it in its module's target/jib-image.tar: unpacked layer
 * by layer into one root, then its own entrypoint run with {@code --help} from that root, with the
 * dynamic loader and libraries of the image (not this machine's), the way a container would start
 * it. Only paths are rewritten: the image's absolute paths point into the root.
 */
class ImagesIntegrationTest {
  private static final String VERSION = System.getProperty("osprey.version", "0.1.0-SNAPSHOT");
  private static final Path PROJECT = Path.of(System.getProperty("osprey.project.dir", ".."));

  @TempDir static Path work;

  @BeforeAll
  static void imagesWereBuilt() {
    Assumptions.assumeFalse(
        Boolean.getBoolean("osprey.images.skip"), "images were not built (-Dimages.skip=true)");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "scoring-topology, scorer, scoring.http.host",
    "online-trainer, trainer, trainer.model.name",
    "cli, cli, demo",
    "stream-ingest, stream-ingest, ingest.consumer.group.id"
  })
  void theEntrypointRunsFromTheUnpackedLayers(String module, String name, String expectedInHelp)
      throws Exception {
    Path tar = PROJECT.resolve(module).resolve("target/jib-image.tar");
    assertThat(tar).as("built by mvn package in " + module).exists();
    OciImage image = OciImage.unpack(tar, Files.createDirectories(work.resolve(name)));
    assertThat(image.reference()).isEqualTo("osprey/" + name + ":" + VERSION);
    Path root = image.root();

    Process process = start(image, root);
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("Usage:").contains(expectedInHelp);

    long bytes = Files.size(tar);
    System.out.printf(
        Locale.ROOT,
        "MEASURED image osprey/%s: %.1f MB tar, %.1f MB unpacked, layers (MB, compressed) %s%n",
        name,
        bytes / 1e6,
        sizeOf(root) / 1e6,
        image.layerSizes().stream().map(s -> String.format(Locale.ROOT, "%.1f", s / 1e6)).toList());
    if (name.equals("stream-ingest")) {
      // As the Flink operator expects it (deploy/cluster/flink jarURI), and nothing else of Jib's.
      assertThat(root.resolve("opt/flink/usrlib/osprey-stream-ingest-job.jar")).exists();
      assertThat(root.resolve("app")).doesNotExist();
    }
  }

  /** The entrypoint with the image's PATH, its loader and libraries, and paths moved into root. */
  private static Process start(OciImage image, Path root) throws IOException {
    List<String> entrypoint = image.entrypoint();
    String executable = entrypoint.get(0);
    if (!executable.startsWith("/")) {
      String path =
          image.environment().stream().filter(e -> e.startsWith("PATH=")).findFirst().orElseThrow();
      executable =
          Stream.of(path.substring(5).split(":"))
              .map(dir -> dir + "/" + entrypoint.get(0))
              .filter(candidate -> Files.isExecutable(inside(root, candidate)))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError(entrypoint.get(0) + " is not on the image's " + path));
    }
    List<String> command = new ArrayList<>();
    command.add(inside(root, "/lib64/ld-linux-x86-64.so.2").toString());
    command.add("--library-path");
    command.add(inside(root, "/lib/x86_64-linux-gnu").toString());
    command.add(inside(root, executable).toString());
    for (String arg : entrypoint.subList(1, entrypoint.size())) {
      command.add(relocated(root, arg));
    }
    command.add("--help");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    image.environment().stream()
        .filter(e -> !e.startsWith("PATH="))
        .forEach(
            e ->
                builder
                    .environment()
                    .put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
    builder.environment().put("JAVA_HOME", inside(root, "/opt/java").toString());
    return builder.start();
  }

  /** An argument whose absolute paths (a classpath, an @argfile, a -D value) point into root. */
  private static String relocated(Path root, String arg) throws IOException {
    if (arg.startsWith("@/")) {
      Path argFile = inside(root, arg.substring(1));
      String relocatedClasspath = relocatedPaths(root, Files.readString(argFile).strip());
      Path copy =
          Files.writeString(
              argFile.resolveSibling(argFile.getFileName() + ".relocated"), relocatedClasspath);
      return "@" + copy;
    }
    int equals = arg.indexOf("=/");
    if (arg.startsWith("-D") && equals > 0) {
      return arg.substring(0, equals + 1) + relocatedPaths(root, arg.substring(equals + 1));
    }
    return arg.startsWith("/") ? relocatedPaths(root, arg) : arg;
  }

  private static String relocatedPaths(Path root, String paths) {
    return Stream.of(paths.split(":"))
        .map(p -> p.startsWith("/") ? root + p : p)
        .collect(Collectors.joining(":"));
  }

  private static Path inside(Path root, String absolute) {
    return root.resolve(absolute.substring(1));
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
