package io.osprey.system.cluster;

import io.osprey.console.ConsoleSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.BrokerSecurity;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import io.osprey.scoring.ScoringSettings;
import io.osprey.scoring.ScoringSettings.Guarantee;
import io.osprey.system.OspreyPrincipals;
import io.osprey.trainer.TrainerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cluster's own Osprey processes, each the launcher's command for one component ({@code osprey
 * score}, {@code osprey train}, {@code osprey simulate}) with the user's settings plus where this
 * cluster put things: the brokers, a state directory and ports per scorer, the trainer's metrics
 * port. Every instance logs to its own file and has a small heap.
 *
 * @param launcher how to run an {@code osprey} command in a JVM of its own
 */
record OspreyComponents(
    ClusterLayout layout,
    Settings settings,
    Launcher launcher,
    Path log4jConfig,
    Optional<BrokerSecurity> security) {
  static final String TRAINER = "trainer";
  static final String SIMULATOR = "simulator";

  static String scorer(int index) {
    return "scorer-" + index;
  }

  List<String> scorerNames() {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= layout.scorers(); i++) {
      names.add(scorer(i));
    }
    return names;
  }

  /**
   * The processing guarantee of this cluster's scorers: {@link ClusterSettings#SCORING_GUARANTEE}.
   *
   * @throws IllegalArgumentException when {@code scoring.processing.guarantee} is also set, to
   *     another value: one of the two would be silently ignored
   */
  Guarantee scoringGuarantee() {
    Guarantee clustered = settings.get(ClusterSettings.SCORING_GUARANTEE);
    if (settings.has(ScoringSettings.PROCESSING_GUARANTEE)) {
      Guarantee own = settings.get(ScoringSettings.PROCESSING_GUARANTEE);
      if (own != clustered) {
        throw new IllegalArgumentException(
            ScoringSettings.PROCESSING_GUARANTEE.key()
                + "="
                + ScoringSettings.PROCESSING_GUARANTEE.textOf(own)
                + " conflicts with "
                + ClusterSettings.SCORING_GUARANTEE.key()
                + "="
                + ClusterSettings.SCORING_GUARANTEE.textOf(clustered)
                + (settings.has(ClusterSettings.SCORING_GUARANTEE) ? "" : " (its default)")
                + ": the cluster's scorers run with "
                + ClusterSettings.SCORING_GUARANTEE.key()
                + "; set that one (e.g. --set "
                + ClusterSettings.SCORING_GUARANTEE.key()
                + "="
                + ClusterSettings.SCORING_GUARANTEE.textOf(own)
                + ") and leave "
                + ScoringSettings.PROCESSING_GUARANTEE.key()
                + " unset");
      }
    }
    return clustered;
  }

  ProcessSpec scorerSpec(int index) {
    Guarantee guarantee = scoringGuarantee();
    Settings own =
        settings
            .with(ScoringSettings.PROCESSING_GUARANTEE, guarantee)
            .with(ScoringSettings.STATE_DIR, layout.dataDir(scorer(index)).toString())
            .with(ScoringSettings.METRICS_PORT, layout.scorerMetricsPort(index))
            .with(ScoringSettings.HTTP_PORT, layout.scorerHttpPort(index))
            .with(ScoringSettings.HTTP_HOST, ClusterProcesses.LOOPBACK)
            .with(ConsoleSettings.PORT, -1);
    return command(
        scorer(index),
        "score",
        OspreyPrincipals.SCORER,
        own,
        List.of("-Xms64m", "-Xmx384m"),
        Map.of());
  }

  ProcessSpec trainerSpec() {
    Settings own = settings.with(TrainerSettings.METRICS_PORT, layout.trainerMetricsPort());
    return command(
        TRAINER,
        "train",
        OspreyPrincipals.TRAINER,
        own,
        List.of(
            "-Xms64m",
            "-Xmx512m",
            "-Dorg.bytedeco.javacpp.maxbytes=512m",
            "-Dorg.bytedeco.javacpp.maxPhysicalBytes=1536m"),
        // ND4J's OpenMP pool would spin on both cores; training here is single-threaded.
        Map.of("OMP_NUM_THREADS", "1"));
  }

  ProcessSpec simulatorSpec() {
    return command(
        SIMULATOR,
        "simulate",
        OspreyPrincipals.PRODUCER,
        settings,
        List.of("-Xms32m", "-Xmx128m"),
        Map.of());
  }

  int scorerMetricsPort(String name) {
    return layout.scorerMetricsPort(Integer.parseInt(name.substring("scorer-".length())));
  }

  /**
   * {@code settings} for a component logging in as {@code user} on a secured cluster: its user name
   * (the password goes in the environment, see {@link #passwordEnvironment}).
   */
  Settings as(String user, Settings settings) {
    return security
        .map(s -> settings.overriddenBy(s.settingsWithoutPassword(user)))
        .orElse(settings);
  }

  /** {@code user}'s password as the variable clients read it from; nothing unsecured. */
  Map<String, String> passwordEnvironment(String user) {
    return security
        .map(s -> Map.of(KafkaSecuritySettings.SASL_PASSWORD_ENV, s.password(user)))
        .orElse(Map.of());
  }

  private ProcessSpec command(
      String name,
      String command,
      String user,
      Settings unsecured,
      List<String> heap,
      Map<String, String> extraEnvironment) {
    Settings own = as(user, unsecured);
    Map<String, String> environment = new java.util.HashMap<>(extraEnvironment);
    environment.putAll(passwordEnvironment(user));
    List<String> jvm = new ArrayList<>(heap);
    jvm.add("-XX:+UseSerialGC");
    jvm.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.osprey.schema");
    jvm.add("-Dlog4j2.configurationFile=" + log4jConfig);
    List<String> args = new ArrayList<>();
    args.add(command);
    // Sorted, so that the same settings always make the same command line.
    new TreeMap<>(own.withPrefix(""))
        .forEach(
            (key, value) -> {
              if (!key.startsWith("cluster.")) {
                args.add("--set");
                args.add(key + "=" + value);
              }
            });
    return ProcessSpec.java(
        name, layout.dir(), jvm, launcher.classpath(), launcher.mainClass(), args, environment);
  }

  /** The settings every component of this cluster shares: its brokers. */
  static Settings forCluster(Settings settings, ClusterLayout layout) {
    return settings.with(CommonSettings.BOOTSTRAP_SERVERS, layout.bootstrapServers());
  }
}
