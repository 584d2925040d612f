package io.osprey.trainer.monitoring;

import io.osprey.schema.MonitoringEvent;
import io.osprey.trainer.intake.ExampleIntake;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports the examples the intake set aside: counts each on the meter, logs and lists it for {@code
 * monitoring} (sent with the next publication): each of the first few since the last publication,
 * beyond them the 1st, 10th, 100th... overall, so a flood (a spec change) stays readable. Its
 * offset is committed with the examples after it; one that is the last of its partition when the
 * trainer stops is read and set aside again after a restart (counted again), never retried in a
 * loop. Owned by the training thread.
 */
public final class SetAsideReport {
  private static final Logger LOG = LoggerFactory.getLogger(SetAsideReport.class);

  private final String modelName;
  private final TrainerMetrics metrics;
  private final List<MonitoringEvent> listed = new ArrayList<>();
  private long unlisted;
  private long total;

  public SetAsideReport(String modelName, TrainerMetrics metrics) {
    this.modelName = modelName;
    this.metrics = metrics;
  }

  /** Reports one record the intake set aside. */
  public void add(ConsumerRecord<?, ?> record, ExampleIntake.SetAside aside, long now) {
    metrics.setAside(aside.reason());
    total++;
    String what =
        record.topic()
            + "-"
            + record.partition()
            + "@"
            + record.offset()
            + " "
            + aside.reason().outcome()
            + ": "
            + aside.detail();
    boolean listing = listed.size() < TrainerMonitoring.SET_ASIDE_EVENTS_PER_PUBLICATION;
    if (listing || Long.toString(total).matches("10*")) {
      LOG.warn("set aside training example {} ({} so far)", what, total);
    }
    if (listing) {
      listed.add(TrainerMonitoring.setAside(modelName, record.offset(), what, now));
    } else {
      unlisted++;
    }
  }

  /**
   * The events to send with a publication (the listed ones, and a count of the rest), and a fresh
   * start for the next one.
   */
  public List<MonitoringEvent> drain(long now) {
    List<MonitoringEvent> events = new ArrayList<>(listed);
    if (unlisted > 0) {
      events.add(TrainerMonitoring.setAsideNotListed(modelName, unlisted, now));
    }
    listed.clear();
    unlisted = 0;
    return events;
  }
}
