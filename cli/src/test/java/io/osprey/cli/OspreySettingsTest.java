package io.osprey.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class OspreySettingsTest {
  private static final String PACKAGE_PATH = "io/osprey/";

  /**
   * Scans every Osprey main class on the test classpath (the modules' classes directories or jars,
   * not their test classes) for public static final {@link Setting} fields, so that a settings
   * class nobody added to the catalogue fails here rather than being refused by the CLI at run
   * time.
   */
  @Test
  void theCatalogueHoldsEverySettingDeclaredInAnyOspreyClass() throws Exception {
    List<Setting<?>> declared = new ArrayList<>();
    List<String> holders = new ArrayList<>();
    for (String className : ospreyMainClasses()) {
      Class<?> type = Class.forName(className, false, getClass().getClassLoader());
      List<Field> fields =
          Stream.of(type.getDeclaredFields())
              .filter(f -> f.getType() == Setting.class)
              .filter(f -> Modifier.isStatic(f.getModifiers()))
              .filter(f -> Modifier.isPublic(f.getModifiers()))
              .toList();
      if (!fields.isEmpty()) {
        holders.add(type.getSimpleName());
        for (Field field : fields) {
          declared.add((Setting<?>) field.get(null));
        }
      }
    }

    assertThat(holders)
        .as("the scan must see the settings classes of every module")
        .contains(
            "CommonSettings",
            "KafkaSecuritySettings",
            "ModelSigningSettings",
            "IngestSettings",
            "ScoringSettings",
            "TrainerSettings",
            "DemoSettings",
            "SimulatorSettings",
            "ReplaySettings");
    List<String> missing =
        declared.stream()
            .filter(s -> !OspreySettings.CATALOGUE.settings().contains(s))
            .map(Setting::key)
            .toList();
    assertThat(missing).as("keys missing from OspreySettings.CATALOGUE").isEmpty();
  }

  @Test
  void everySettingHasADescription() {
    assertThat(OspreySettings.CATALOGUE.settings())
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.description()).as(s.key()).isNotBlank());
  }

  @Test
  void settingsCommandListsEveryKeyWithItsVariable() {
    String plain = run("settings");
    String markdown = run("settings", "--markdown");

    assertThat(plain).startsWith("KEY");
    for (Setting<?> setting : OspreySettings.CATALOGUE.settings()) {
      assertThat(plain).contains(setting.key()).contains(setting.environmentVariable());
      assertThat(markdown)
          .contains("| `" + setting.key() + "` |")
          .contains("| `" + setting.environmentVariable() + "` |");
    }
    assertThat(plain).contains("OSPREY_TRAINER_BATCH_SIZE");
  }

  /** What {@code ./osprey args} prints on standard output. */
  private static String run(String... args) {
    StringWriter err = new StringWriter();
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = OspreyCli.commandLine().setErr(new PrintWriter(err)).execute(args);
      assertThat(exit).as(err.toString()).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Names of the classes under io/osprey in every classes directory or jar of the classpath. */
  private static List<String> ospreyMainClasses() throws IOException {
    List<String> names = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (path.getFileName() != null && path.getFileName().toString().equals("test-classes")) {
        continue;
      }
      if (Files.isDirectory(path.resolve(PACKAGE_PATH))) {
        try (Stream<Path> files = Files.walk(path.resolve(PACKAGE_PATH))) {
          files
              .map(f -> path.relativize(f).toString().replace(File.separatorChar, '/'))
              .forEach(name -> addClass(names, name));
        }
      } else if (entry.endsWith(".jar") && path.getFileName().toString().startsWith("osprey-")) {
        if (path.getFileName().toString().contains("-tests")) {
          continue;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            String name = e.nextElement().getName();
            if (name.startsWith(PACKAGE_PATH)) {
              addClass(names, name);
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(entry, e);
        }
      }
    }
    return names;
  }

  private static void addClass(List<String> names, String resource) {
    if (resource.endsWith(".class") && !resource.endsWith("module-info.class")) {
      names.add(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
    }
  }
}
