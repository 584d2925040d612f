package io.osprey.sources.replay;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.KafkaClients;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.kafka.TopicCreation;
import io.osprey.schema.topic.OspreyTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Replays one file into {@code transactions} and {@code labels}, in event-time order: each event
 * when the replay's clock reaches its time, each label when the clock passes its label time. The
 * clock runs at the plan's speed. Runs on the calling thread; {@link #stop} (from a shutdown hook,
 * say) ends it early, after which everything already handed to the producer is still flushed.
 */
public final class Replay {
  /** A label waiting for its time; file order breaks ties so a replay is repeatable. */
  private record PendingLabel(String eventId, long rowNumber, ReplayRecord.Verdict verdict) {}

  private static final Comparator<PendingLabel> LABEL_TIME_ORDER =
      Comparator.comparingLong((PendingLabel p) -> p.verdict().labelTime())
          .thenComparingLong(PendingLabel::rowNumber);

  private final ReplayPlan plan;
  private final Settings settings;
  private final ReplayProgress progress;
  private final ReplayCounters counters = new ReplayCounters();
  private final PriorityQueue<PendingLabel> pendingLabels = new PriorityQueue<>(LABEL_TIME_ORDER);
  private volatile boolean stopRequested;

  public Replay(ReplayPlan plan, Settings settings, ReplayProgress progress) {
    this.plan = plan;
    this.settings = settings;
    this.progress = progress;
  }

  /** Asks a running replay to stop; it flushes what it sent and returns its summary. */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Runs the replay to the end of the slice, or until stopped.
   *
   * @throws ReplayException when the file cannot be replayed (not in order, too large to sort)
   */
  public ReplaySummary run() {
    ReplayDataset dataset = plan.dataset();
    String fileName = dataset.file().getFileName().toString();
    BadRows badRows = new BadRows(fileName, progress::note);
    ensureTopics();
    long start = System.nanoTime();
    ReplaySummary summary;
    try (RowSource source = RowSource.open(dataset.file(), dataset.format());
        ReplayProducer producer = new ReplayProducer(settings, dataset.name(), counters)) {
      if (dataset.order() == EventOrder.SORT) {
        progress.note("reading " + fileName + " to sort it by event time");
      }
      OrderedRecords records =
          OrderedRecords.of(
              source,
              new RowMapper(dataset, plan.idPrefix()),
              plan.slice(),
              dataset.order(),
              settings.get(ReplaySettings.MAX_SORT_ROWS),
              badRows,
              fileName);
      records.expectedTotal().ifPresent(counters::expectEvents);
      progress.start(counters, badRows);
      boolean completed = false;
      try {
        send(records, producer);
        completed = !stopRequested;
      } finally {
        producer.flush(); // stopped or not, what was handed over is delivered before the summary
        summary = summary(badRows, start, !completed);
        progress.finish(summary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return summary;
  }

  /** The event and label loop: whatever is due first in event time goes next. */
  private void send(OrderedRecords records, ReplayProducer producer) {
    Pacer pacer = new Pacer(plan.speed());
    EventRate rate = new EventRate(plan.maxRate());
    while (!stopRequested && records.hasNext()) {
      ReplayRecord record = records.next();
      if (!sendLabelsDueBy(record.eventTime(), pacer, producer)
          || !pacer.awaitTurn(record.eventTime(), () -> stopRequested)
          || !rate.awaitTurn(() -> stopRequested)) {
        return;
      }
      producer.sendEvent(record);
      counters.advanceClock(record.eventTime());
      if (record.verdict() != null) {
        pendingLabels.add(new PendingLabel(record.eventId(), record.rowNumber(), record.verdict()));
      }
    }
    // The events are out; their labels follow, still paced: the clock runs on to the last one.
    sendLabelsDueBy(Long.MAX_VALUE, pacer, producer);
  }

  /** Sends, in label-time order, the labels due at or before {@code time}; false if stopped. */
  private boolean sendLabelsDueBy(long time, Pacer pacer, ReplayProducer producer) {
    while (!pendingLabels.isEmpty() && pendingLabels.peek().verdict().labelTime() <= time) {
      PendingLabel due = pendingLabels.peek();
      if (!pacer.awaitTurn(due.verdict().labelTime(), () -> stopRequested)) {
        return false;
      }
      pendingLabels.poll();
      producer.sendLabel(due.eventId(), due.verdict());
      counters.advanceClock(due.verdict().labelTime());
    }
    return !stopRequested;
  }

  /** Creates the two topics it writes; a broker that does not answer is a one-line error. */
  private void ensureTopics() {
    OspreyTopics topics = CommonSettings.topics(settings);
    String bootstrap = settings.get(CommonSettings.BOOTSTRAP_SERVERS);
    try {
      TopicAdmin.ensureTopics(
          KafkaClients.from(settings),
          List.of(topics.transactions(), topics.labels()),
          TopicCreation.from(settings));
    } catch (IllegalStateException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ReplayException(
          cause instanceof TimeoutException
              ? "no Kafka broker answered at "
                  + bootstrap
                  + " (is the demo or your cluster running? --set kafka.bootstrap.servers=...)"
              : cause == e ? e.getMessage() : e.getMessage() + ": " + cause.getMessage());
    }
  }

  private ReplaySummary summary(BadRows badRows, long startNanos, boolean stopped) {
    return new ReplaySummary(
        plan.dataset().name(),
        counters.events.get(),
        counters.labels.get(),
        counters.positives.get(),
        badRows.total(),
        pendingLabels.size(),
        counters.unacknowledged.get(),
        Duration.ofNanos(System.nanoTime() - startNanos),
        stopped);
  }
}
