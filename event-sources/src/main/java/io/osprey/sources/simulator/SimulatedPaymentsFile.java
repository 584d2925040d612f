package io.osprey.sources.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osprey.schema.Label;
import io.osprey.schema.Transaction;
import io.osprey.schema.codec.JsonCodec;
import io.osprey.sources.replay.EpochUnit;
import io.osprey.sources.replay.EventOrder;
import io.osprey.sources.replay.EventTime;
import io.osprey.sources.replay.FileFormat;
import io.osprey.sources.replay.LabelRule;
import io.osprey.sources.replay.LabelTime;
import io.osprey.sources.replay.ReplayDataset;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The payment simulator's stream written to a file, so that it can be replayed like any real
 * dataset: the first N events of a seeded {@link TransactionGenerator}, one JSON object per line in
 * event-time order. A row with a verdict also carries {@value #FRAUD} and {@value #LABEL_TIME}, the
 * event time at which the verdict becomes known; the replay removes both from the event.
 *
 * <p>Why a file rather than the live {@link SimulatorRunner}: the runner paces on the wall clock
 * and stamps each label with the moment it is sent, so what a model could have known would depend
 * on how fast the machine is, and no two runs would see the same stream. Written out once, the same
 * seed gives the same bytes, and the generic replay sends them through {@code transactions} and
 * {@code labels} with event-time maturity exactly as it sends flights and sensor readings: one path
 * for every dataset of the quality benchmark, and the replay's speed cannot change the examples.
 *
 * <p>The timeline is the live simulator's, carried over to event time: events are {@code
 * simulator.rate} a second of wall time and event time runs {@code simulator.event.time.speed}
 * times faster, so with the defaults there is one event every 100 ms of event time; a verdict
 * follows {@code simulator.label.delay} of wall time, i.e. 100 s of event time. Rows without a
 * verdict (most genuine payments) get no label, and ingest's maturity window makes them negatives,
 * as live. Malformed records are left out: they exercise the dead-letter path, not quality.
 */
public final class SimulatedPaymentsFile {
  /** The dataset's name: the {@code source} of its labels. */
  public static final String NAME = "payments";

  /** The first event's time: fixed, so a file is the same whenever it is written. */
  public static final Instant START = Instant.parse("2024-03-04T08:00:00Z");

  /**
   * The columns a replay reads: the event id, the entity, the event time, the verdict and its time.
   */
  public static final String ID_COLUMN = "eventId";

  public static final String ENTITY_COLUMN = "cardId";
  public static final String TIME_COLUMN = "eventTime";
  public static final String FRAUD = "fraud";
  public static final String LABEL_TIME = "labelTime";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonCodec<Transaction> TRANSACTIONS = JsonCodec.of(Transaction.class);

  private SimulatedPaymentsFile() {}

  /**
   * Writes the first {@code events} events of the simulator configured by {@code config} to {@code
   * file} (replacing it) and returns the dataset that replays it.
   */
  public static ReplayDataset write(Path file, long events, SimulatorConfig config)
      throws IOException {
    TransactionGenerator generator = new TransactionGenerator(config, "seed" + config.seed());
    double eventTimeStepMillis = 1000.0 * config.eventTimeSpeed() / config.eventsPerSecond();
    long labelDelayMillis = config.labelDelayInEventTime().toMillis();
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < events; i++) {
        long eventTime = START.toEpochMilli() + Math.round(i * eventTimeStepMillis);
        SimulatedEvent event = generator.next(eventTime);
        out.write(line(event, eventTime + labelDelayMillis));
        out.write('\n');
      }
    }
    return dataset(file);
  }

  /** How the replay reads a file this class wrote. */
  public static ReplayDataset dataset(Path file) {
    return new ReplayDataset(
        NAME,
        file,
        FileFormat.JSON,
        ID_COLUMN,
        ENTITY_COLUMN,
        new EventTime.FromColumn(TIME_COLUMN, EpochUnit.MILLIS),
        LabelRule.parse(FRAUD, null).unlabelledWhenMissing(),
        new LabelTime.FromColumn(LABEL_TIME, EpochUnit.MILLIS),
        List.of(LABEL_TIME),
        EventOrder.SORTED);
  }

  /**
   * The transaction in the {@code transactions} topic's own JSON ({@link JsonCodec}), with null
   * fields left out (ingest treats absent and null alike), plus the verdict columns.
   */
  static String line(SimulatedEvent event, long labelTime) throws IOException {
    ObjectNode row = (ObjectNode) JSON.readTree(TRANSACTIONS.encode(event.transaction()));
    row.properties().removeIf(field -> field.getValue().isNull());
    Label label = event.label();
    if (label != null) {
      row.put(FRAUD, label.getFraud());
      row.put(LABEL_TIME, labelTime);
    }
    return JSON.writeValueAsString(row);
  }
}
