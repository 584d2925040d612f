package io.osprey.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of a benchmark (CPU samples, {@code jdk.ExecutionSample}) and prints, per
 * thread group of the system benchmark ({@link CpuGroups}), the share of samples and its hottest
 * methods (self time, the top frame); it also writes the samples as collapsed stacks ({@code
 * group;frame;frame... count}), which flamegraph.pl or speedscope.app draw as a flame graph.
 *
 * <pre>
 * java -cp "cli/target/osprey-cli-0.1.0-SNAPSHOT.jar:cli/target/lib/*" io.osprey.bench.JfrHotMethods \
 *     perf.jfr [collapsed-stacks.txt] [methods per group]
 * </pre>
 */
public final class JfrHotMethods {
  private static final int DEFAULT_TOP = 12;

  private final Map<String, Map<String, Long>> selfByGroup = new HashMap<>();
  private final Map<String, Long> samplesByGroup = new HashMap<>();
  private final Map<String, Long> collapsed = new HashMap<>();
  private final Map<String, String> groupOfThread = new HashMap<>();
  private final CpuGroups.Namer namer = CpuGroups.namer();
  private long samples;

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrHotMethods RECORDING.jfr [COLLAPSED.txt] [TOP]");
      System.exit(2);
    }
    JfrHotMethods hot = new JfrHotMethods();
    hot.read(Path.of(args[0]));
    hot.print(System.out, args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_TOP);
    if (args.length > 1) {
      hot.writeCollapsed(Path.of(args[1]));
    }
  }

  void read(Path recording) throws IOException {
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
          add(event);
        }
      }
    }
  }

  private void add(RecordedEvent event) {
    RecordedThread thread = event.getThread("sampledThread");
    RecordedStackTrace stack = event.getStackTrace();
    if (thread == null || stack == null || stack.getFrames().isEmpty()) {
      return;
    }
    String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
    String group = groupOfThread.computeIfAbsent(String.valueOf(name), namer::groupOf);
    samples++;
    samplesByGroup.merge(group, 1L, Long::sum);
    List<RecordedFrame> frames = stack.getFrames();
    selfByGroup
        .computeIfAbsent(group, g -> new HashMap<>())
        .merge(method(frames.get(0)), 1L, Long::sum);
    StringBuilder folded = new StringBuilder(group.replace(' ', '_'));
    for (int i = frames.size() - 1; i >= 0; i--) {
      folded.append(';').append(method(frames.get(i)));
    }
    collapsed.merge(folded.toString(), 1L, Long::sum);
  }

  private static String method(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  void print(PrintStream out, int top) {
    out.printf(Locale.ROOT, "%,d CPU samples%n", samples);
    samplesByGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            group -> {
              out.printf(
                  Locale.ROOT,
                  "%n%s: %.1f%% of samples%n",
                  group.getKey(),
                  100.0 * group.getValue() / samples);
              List<Map.Entry<String, Long>> methods =
                  new ArrayList<>(selfByGroup.get(group.getKey()).entrySet());
              methods.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
              methods.stream()
                  .limit(top)
                  .forEach(
                      m ->
                          out.printf(
                              Locale.ROOT,
                              "  %5.1f%%  %s%n",
                              100.0 * m.getValue() / group.getValue(),
                              m.getKey()));
            });
  }

  void writeCollapsed(Path file) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file)) {
      for (Map.Entry<String, Long> stack : collapsed.entrySet()) {
        writer.write(stack.getKey() + " " + stack.getValue() + "\n");
      }
    }
  }
}
