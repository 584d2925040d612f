package io.osprey.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * by layer into one root, then its own entrypoint (from the image's config, run as {@code docker
 * run IMAGE --help} would: the argument replaces the image's command) from that root, with the
 * dynamic loader and libraries of the image (not this machine's), the way a container would start
 * it. Only paths are rewritten: the image's absolute paths point into the root. Every class path
 * entry of the entrypoint must be in the image, and every image carries the very same runtime layer
 * (one runtime jlink'ed per build, deploy/images).
 */
class ImagesIntegrationTest {
  private static final String VERSION = System.getProperty("osprey.version", "0.1.0-SNAPSHOT");
  private static final Path PROJECT = Path.of(System.getProperty("osprey.project.dir", ".."));
  private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";
  private static final String LIBRARIES = "/lib/x86_64-linux-gnu";

  /** Image name to the digest of the layer that brought its Java runtime, as they are checked. */
  private static final Map<String, String> RUNTIME_LAYERS = new ConcurrentHashMap<>();

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
    assertThat(image.entrypoint()).as("the image's configured entrypoint").isNotEmpty();
    Path root = image.root();

    List<String> command = command(image, root);
    assertClassPathInImage(command, root);
    Path output = work.resolve(name + ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(inside(root, image.workingDir()).toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment(image, root));
    Process process = builder.start();
    boolean exited = process.waitFor(3, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String help = Files.readString(output);
    assertThat(exited).as("--help exits within 3 minutes: " + help).isTrue();
    assertThat(process.exitValue()).as(help).isZero();
    assertThat(help).contains("Usage:").contains(expectedInHelp);

    assertThat(image.layerOfJava()).as("a layer of the image brings " + OciImage.JAVA).isNotEmpty();
    RUNTIME_LAYERS.put(name, image.layerOfJava());
    assertThat(Set.copyOf(RUNTIME_LAYERS.values()))
        .as("the images checked so far share one runtime layer: " + RUNTIME_LAYERS)
        .hasSize(1);

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

  /**
   * The image's entrypoint followed by {@code --help}, started by the image's own loader with the
   * image's libraries, its executable looked up on the image's PATH and its paths moved into root.
   */
  private static List<String> command(OciImage image, Path root) throws IOException {
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
    command.add(inside(root, LOADER).toString());
    command.add("--library-path");
    command.add(inside(root, LIBRARIES).toString());
    command.add(inside(root, executable).toString());
    for (String arg : entrypoint.subList(1, entrypoint.size())) {
      command.add(relocated(root, arg));
    }
    command.add("--help");
    return command;
  }

  /** The image's environment but PATH (the loader is given the executable's path). */
  private static Map<String, String> environment(OciImage image, Path root) {
    Map<String, String> environment =
        image.environment().stream()
            .filter(e -> !e.startsWith("PATH="))
            .collect(
                Collectors.toMap(
                    e -> e.substring(0, e.indexOf('=')), e -> e.substring(e.indexOf('=') + 1)));
    environment.computeIfPresent("JAVA_HOME", (key, home) -> relocatedPaths(root, home));
    return environment;
  }

  /**
   * Every entry of the class path the (relocated) command names, {@code -cp} or {@code @argfile},
   * is in the image: a jar left out would not show in {@code --help}, only when the class is used.
   */
  private static void assertClassPathInImage(List<String> command, Path root) throws IOException {
    int cp = command.indexOf("-cp");
    assertThat(cp).as("the entrypoint sets a class path: " + command).isPositive();
    String classPath = command.get(cp + 1);
    if (classPath.startsWith("@")) {
      classPath = Files.readString(Path.of(classPath.substring(1))).strip();
    }
    List<String> entries = List.of(classPath.split(":"));
    assertThat(entries).isNotEmpty();
    for (String entry : entries) {
      assertThat(entry).as("a class path entry inside the image").startsWith(root.toString());
      if (entry.endsWith("/*")) {
        try (Stream<Path> jars = Files.list(Path.of(entry.substring(0, entry.length() - 2)))) {
          assertThat(jars.filter(jar -> jar.toString().endsWith(".jar")).count())
              .as("jars in " + entry)
              .isPositive();
        }
      } else if (!entry.endsWith("/resources")) {
        // Jib lists /app/resources even for a module without resources.
        assertThat(Path.of(entry)).as("class path entry").exists();
      }
    }
  }

  /** An argument whose absolute paths (a class path, an @argfile, a -D value) point into root. */
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
