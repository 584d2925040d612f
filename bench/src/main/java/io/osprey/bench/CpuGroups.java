package io.osprey.bench;

import java.util.List;

/**
 * The thread groups the system benchmark splits CPU by, recognised by thread name: Flink's task
 * threads carry the names of the operators chained in them (so each group is a chain of the ingest
 * job), Kafka Streams' threads the application id, the trainer's threads its name; what no group
 * claims is the embedded broker's (and a few other JVM threads).
 */
final class CpuGroups {
  static final String DRIVER = "load driver";
  static final String FLINK_PARSE = "flink source+parse";
  static final String FLINK_FEATURES = "flink dedupe+features";
  static final String FLINK_JOIN = "flink event-id dedupe+join+sinks";
  static final String FLINK_KEYS = "flink keyed features";
  static final String FLINK_LABELS = "flink labels+dead letters";
  static final String FLINK_PASSTHROUGH = "flink passthrough";
  static final String FLINK_OTHER = "flink other";
  static final String SCORER = "scorer";
  static final String TRAINER = "trainer";
  static final String JIT = "jit compiler";
  static final String REST = "broker and other threads";

  static final String SYSTEM_BENCH_INTRO =
      "Thread groups by name: Flink task threads by the operators chained in them (source and"
          + " parse; dedupe and features; event-id dedupe, label join and sinks; the features by"
          + " other keys than the entity and the labels routed to them; labels and dead"
          + " letters; the baseline's pass-through), the Kafka Streams scorer (or the baseline's"
          + " identity topology), the trainer, the JIT, and the rest of the Java threads, mostly"
          + " the embedded broker's.";

  private CpuGroups() {}

  static CpuPerStep ofSystemBench() {
    return new CpuPerStep(new CpuUsage(groups(), REST), SCORER);
  }

  /** Names the group of a thread by its Java (or, failing that, kernel) name. */
  interface Namer {
    String groupOf(String threadName);
  }

  static Namer namer() {
    List<CpuUsage.Group> groups = groups();
    return name -> {
      for (CpuUsage.Group group : groups) {
        if (group.javaName().test(name) || group.kernelName().test(name)) {
          return group.name();
        }
      }
      return REST;
    };
  }

  private static List<CpuUsage.Group> groups() {
    return List.of(
        CpuUsage.Group.java(DRIVER, name -> name.contains(LoadDriver.THREAD_PREFIX)),
        CpuUsage.Group.java(FLINK_PARSE, name -> name.contains("transactions-source")),
        CpuUsage.Group.java(FLINK_FEATURES, name -> name.contains("entity-features")),
        CpuUsage.Group.java(
            FLINK_JOIN,
            name ->
                name.contains("dedupe-event-id")
                    || name.contains("label-join")
                    || name.contains("features-sink")
                    || name.contains("training-examples-sink")),
        // Feature stages by merchant, terminal, device...: their own tasks (keyed by those keys).
        CpuUsage.Group.java(
            FLINK_KEYS, name -> name.contains("keyed-features") || name.contains("label-keys")),
        CpuUsage.Group.java(
            FLINK_LABELS, name -> name.contains("labels-source") || name.contains("dead-letter")),
        CpuUsage.Group.java(FLINK_PASSTHROUGH, name -> name.contains("passthrough-")),
        CpuUsage.Group.java(
            FLINK_OTHER,
            name ->
                name.matches(".*\\(\\d+/\\d+\\)#\\d+.*")
                    || name.startsWith("AsyncOperations")
                    || name.startsWith("flink-")
                    || name.startsWith("Flink")),
        new CpuUsage.Group(
            SCORER,
            name -> name.contains("osprey-scoring") || name.contains("baseline-identity"),
            name -> name.startsWith("rocksdb:")),
        CpuUsage.Group.java(TRAINER, name -> name.contains("osprey-trainer")),
        new CpuUsage.Group(JIT, name -> false, name -> name.matches("C[12] CompilerThre.*")));
  }
}
