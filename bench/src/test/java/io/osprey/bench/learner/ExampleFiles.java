package io.osprey.bench.learner;

import io.osprey.trainer.intake.LabelledExample;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled examples as a plain CSV ({@code event_id,event_time,label,v0,v1,...}), in the order
 * given: the pipeline's matured examples written once, read back by the harness in milliseconds.
 * Values are written with {@link Double#toString}, so they read back bit for bit.
 */
public final class ExampleFiles {
  private ExampleFiles() {}

  public static void write(Path file, List<LabelledExample> examples) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write("event_id,event_time,label,values...\n");
      for (LabelledExample example : examples) {
        out.write(example.eventId().replace(',', ';'));
        out.write(',');
        out.write(Long.toString(example.eventTime()));
        out.write(example.fraud() ? ",1" : ",0");
        for (double value : example.values()) {
          out.write(',');
          out.write(Double.toString(value));
        }
        out.write('\n');
      }
    }
  }

  public static List<LabelledExample> read(Path file) throws IOException {
    List<LabelledExample> examples = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file)) {
      in.readLine();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] cells = line.split(",");
        double[] values = new double[cells.length - 3];
        for (int i = 0; i < values.length; i++) {
          values[i] = Double.parseDouble(cells[i + 3]);
        }
        examples.add(
            new LabelledExample(cells[0], Long.parseLong(cells[1]), values, cells[2].equals("1")));
      }
    }
    return examples;
  }
}
