package io.osprey.platform.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a process's settings come from and which source wins, decided here and nowhere else. From
 * weakest to strongest: a key's default, {@code .properties} files (later files win), environment
 * variables ({@link Setting#environmentVariable()}), command-line {@code key=value} words. Every
 * component's main and the CLI build their {@link Settings} through this class, so a key set in a
 * container's environment means the same to all of them.
 *
 * <p>Only declared keys have a variable: the open family {@code kafka.client.*} passed through to
 * Kafka is set in a file or on the command line. Two variables carry key material rather than a
 * key's value and are read where the keys are used, winning over every source (secrets an
 * orchestrator injects): {@code OSPREY_MODELS_SIGNING_KEY} and {@code OSPREY_MODELS_TRUSTED_KEYS}
 * (see {@code io.osprey.model.signing.ModelSigningSettings}).
 */
public final class SettingsSources {
  private SettingsSources() {}

  /**
   * The settings of a component's command line: {@code .properties} file names and {@code
   * key=value} words in any order (see {@link Settings#fromArgs}), with the process environment
   * between them.
   *
   * @param known the keys the component reads: those are the ones the environment may set
   */
  public static Settings forMain(String[] args, Collection<Setting<?>> known) throws IOException {
    return forMain(args, System.getenv(), known);
  }

  static Settings forMain(
      String[] args, Map<String, String> environment, Collection<Setting<?>> known)
      throws IOException {
    List<Path> files = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      if (arg.endsWith(".properties") && Files.isRegularFile(Path.of(arg))) {
        files.add(Path.of(arg));
      } else {
        words.add(arg);
      }
    }
    return resolve(files, environment, known, Settings.fromArgs(words.toArray(String[]::new)));
  }

  /**
   * Layers the sources in their order of precedence.
   *
   * @param files {@code .properties} files, weakest first
   * @param environment the process environment (a map, so that tests need not change theirs)
   * @param known the keys the environment may set
   * @param commandLine the values given on the command line; they win over everything
   */
  public static Settings resolve(
      List<Path> files,
      Map<String, String> environment,
      Collection<Setting<?>> known,
      Settings commandLine)
      throws IOException {
    Settings settings = Settings.empty();
    for (Path file : files) {
      settings = settings.overriddenBy(Settings.fromFile(file));
    }
    return settings.overriddenBy(fromEnvironment(environment, known)).overriddenBy(commandLine);
  }

  /**
   * The values of {@code known} keys whose variable is set. Each is checked here, so that a wrong
   * value is reported with the variable that carried it, not only the key.
   *
   * @throws IllegalArgumentException naming the variable of a value its key cannot read
   */
  public static Settings fromEnvironment(
      Map<String, String> environment, Collection<Setting<?>> known) {
    Map<String, String> values = new HashMap<>();
    for (Setting<?> setting : known) {
      String raw = environment.get(setting.environmentVariable());
      if (raw == null) {
        continue;
      }
      try {
        setting.parse(raw);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "environment variable " + setting.environmentVariable() + ": " + e.getMessage(), e);
      }
      values.put(setting.key(), raw);
    }
    return Settings.of(values);
  }
}
