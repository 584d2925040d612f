package io.osprey.cli;

import io.osprey.model.registry.ModelRegistry;
import io.osprey.model.registry.ModelVersion;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.Settings;
import io.osprey.schema.ModelEnvelope;
import io.osprey.system.DemoKeys;
import io.osprey.system.DemoSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./osprey models}: the versions on the {@code models} topic, and the two operations a
 * payments team needs at 3 a.m.: promote a version, roll back to the previous one. Both republish
 * the chosen envelope as champion under a new version number, which every scorer picks up between
 * two records.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "Lists model versions, promotes one, or rolls back (against a running cluster or demo).",
    subcommands = {
      ModelsCommand.ListVersions.class,
      ModelsCommand.Promote.class,
      ModelsCommand.Rollback.class
    })
final class ModelsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists every version with its metrics.")
  static final class ListVersions implements Callable<Integer> {
    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      try (ModelRegistry registry = ModelRegistry.connect(withDemoKey(settingsOptions.load()))) {
        System.out.printf(
            "%-10s %20s %-11s %7s %-24s %9s %-9s  %s%n",
            "model", "version", "role", "parent", "created", "threshold", "signature", "metrics");
        for (ModelVersion v : registry.versions()) {
          System.out.printf(
              Locale.ROOT,
              "%-10s %20d %-11s %7s %-24s %9.3f %-9s  %s%n",
              v.name(),
              v.version(),
              v.role(),
              v.parentVersion() == null ? "-" : v.parentVersion().toString(),
              Instant.ofEpochMilli(v.createdAt()),
              v.threshold(),
              v.trusted() ? "trusted" : "UNTRUSTED",
              brief(v.metrics()));
        }
      }
      return 0;
    }

    private static String brief(Map<String, Double> metrics) {
      StringBuilder text = new StringBuilder();
      new TreeMap<>(metrics)
          .forEach(
              (k, val) ->
                  text.append(k)
                      .append('=')
                      .append(String.format(Locale.ROOT, "%.3f", val))
                      .append(' '));
      return text.toString().trim();
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description = "Makes a version the champion.")
  static final class Promote implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "VERSION")
    long version;

    @Option(names = "--name", defaultValue = "fraud", description = "Model name (default fraud).")
    String name;

    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      try (ModelRegistry registry = ModelRegistry.connect(withDemoKey(settingsOptions.load()))) {
        report("promoted", registry.promote(name, version));
      }
      return 0;
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Makes the previous good champion (another network, never one rolled back) the"
              + " champion again.")
  static final class Rollback implements Callable<Integer> {
    @Option(names = "--name", defaultValue = "fraud", description = "Model name (default fraud).")
    String name;

    @Mixin SettingsOptions settingsOptions;

    @Override
    public Integer call() throws Exception {
      try (ModelRegistry registry = ModelRegistry.connect(withDemoKey(settingsOptions.load()))) {
        report("rolled back", registry.rollback(name));
      }
      return 0;
    }
  }

  /**
   * {@code settings}, signing with the demo's key ({@code <demo.data.dir>/keys/model-signing.key})
   * when no key is configured and the demo has made one: what {@code ./osprey models} run next to
   * {@code ./osprey demo} needs.
   */
  static Settings withDemoKey(Settings settings) {
    Path demoKey = DemoKeys.keyFile(Path.of(settings.get(DemoSettings.DATA_DIR)));
    if (ModelSigningSettings.signer(settings).isEmpty() && Files.isReadable(demoKey)) {
      return settings.with(ModelSigningSettings.SIGNING_KEY_FILE, demoKey.toString());
    }
    return settings;
  }

  private static void report(String what, ModelEnvelope envelope) {
    System.out.printf(
        "%s: %s is now champion as v%d (the network of v%s)%n",
        what, envelope.getName(), envelope.getVersion(), envelope.getParentVersion());
  }
}
