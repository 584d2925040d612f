package io.osprey.trainer.drift;

import io.osprey.schema.MonitoringEvent;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What a drift alert sets off ({@link DriftSettings#ACTION}), and the events that say so. The
 * monitor's thread reports alerts; a RESET or RETRAIN becomes a pending {@link Request} that the
 * training thread takes between two batches (it owns the network, the hold-out and the gate), runs,
 * and reports back with {@link #done}.
 *
 * <p>No alert acts before {@link DriftSettings#ACTION_AFTER} has passed since start. One shift
 * raises many alerts (several features, window after window), so after an action further alerts
 * only count for {@link DriftSettings#ACTION_COOLDOWN}: one shift, one retrain. NOTIFY also says so
 * once per cooldown. Every action is an {@code alert} event on {@code monitoring} named {@code
 * drift.action.<action>}: once when requested, once with its outcome.
 */
public final class DriftResponse {
  /** The metric prefix of action events. */
  public static final String METRIC = "drift.action.";

  /** Makes a response given where its events go (the monitor's producer). */
  @FunctionalInterface
  public interface Factory {
    DriftResponse create(Consumer<MonitoringEvent> events);
  }

  /**
   * An action the training thread is asked to run, and the alert that asked.
   *
   * @param notBefore wall-clock time before which it is not taken (a retrain waiting for the lake)
   */
  public record Request(
      DriftSettings.Action action, DriftReading cause, long requestedAt, long notBefore) {
    public Request(DriftSettings.Action action, DriftReading cause, long requestedAt) {
      this(action, cause, requestedAt, requestedAt);
    }
  }

  /** Where the latest action stands. */
  public enum Stage {
    REQUESTED,
    WAITING,
    DONE,
    FAILED
  }

  /**
   * The latest action and its outcome, for a status line: what was set off, where it stands, the
   * version it published (null: none) and a short summary such as "published v12 as challenger: the
   * gate kept champion v9".
   */
  public record Outcome(
      DriftSettings.Action action, Stage stage, Long version, String summary, long at) {
    /** One line: {@code retrain done: published v12 as challenger: the gate kept champion v9}. */
    public String describe() {
      return action.name().toLowerCase(Locale.ROOT)
          + " "
          + stage.name().toLowerCase(Locale.ROOT)
          + (summary.isEmpty() ? "" : ": " + summary);
    }
  }

  private final DriftConfig config;
  private final Consumer<MonitoringEvent> events;
  private final LongSupplier clock;
  private final AtomicReference<Request> pending = new AtomicReference<>();
  private final AtomicReference<Outcome> latest = new AtomicReference<>();
  private final AtomicLong alerts = new AtomicLong();
  private final AtomicLong actions = new AtomicLong();
  private final AtomicLong retrains = new AtomicLong();
  private final long startedAt;
  private long lastActionAt = Long.MIN_VALUE; // guarded by this

  public DriftResponse(DriftConfig config, Consumer<MonitoringEvent> events, LongSupplier clock) {
    this.config = config;
    this.events = events;
    this.clock = clock;
    this.startedAt = clock.getAsLong();
  }

  /** The action an alert sets off: RETRAIN without a lake to read is a RESET. */
  public DriftSettings.Action action() {
    DriftSettings.Action action = config.action();
    return action == DriftSettings.Action.RETRAIN && config.retrainLake().isBlank()
        ? DriftSettings.Action.RESET
        : action;
  }

  /** An alert: acts, unless an action ran within the cooldown or one is still pending. */
  public synchronized void onAlert(DriftReading reading) {
    alerts.incrementAndGet();
    long now = clock.getAsLong();
    if (now - startedAt < config.actionAfter().toMillis()) {
      return; // counted; too early to act (see DriftSettings.ACTION_AFTER)
    }
    boolean cooling =
        lastActionAt != Long.MIN_VALUE && now - lastActionAt < config.actionCooldown().toMillis();
    if (cooling || pending.get() != null) {
      return; // counted; the action it would set off has already been set off
    }
    lastActionAt = now;
    actions.incrementAndGet();
    DriftSettings.Action action = action();
    if (action == DriftSettings.Action.NOTIFY) {
      latest.set(new Outcome(action, Stage.DONE, null, reading.describe(), now));
      events.accept(
          event(action, "INFO", 1, reading.modelVersion(), "notified: " + reading.describe(), now));
      return;
    }
    pending.set(new Request(action, reading, now));
    latest.set(new Outcome(action, Stage.REQUESTED, null, "by " + reading.describe(), now));
    events.accept(
        event(
            action, "WARN", 0, reading.modelVersion(), "requested by " + reading.describe(), now));
  }

  /** The pending action, if any and due, now taken by the caller (the training thread). */
  public Optional<Request> take() {
    Request request = pending.get();
    if (request == null || clock.getAsLong() < request.notBefore()) {
      return Optional.empty();
    }
    return pending.compareAndSet(request, null) ? Optional.of(request) : Optional.empty();
  }

  /**
   * Puts a taken request back, to be taken again after {@code delay} (a retrain whose lake does not
   * reach the alert yet); {@code why} goes to the status line.
   */
  public void retryLater(Request request, Duration delay, String why) {
    long now = clock.getAsLong();
    pending.compareAndSet(
        null,
        new Request(
            request.action(), request.cause(), request.requestedAt(), now + delay.toMillis()));
    latest.set(new Outcome(request.action(), Stage.WAITING, null, why, now));
  }

  /** The latest action set off and where it stands, if any. */
  public Optional<Outcome> latest() {
    return Optional.ofNullable(latest.get());
  }

  /**
   * The outcome of a request the training thread ran.
   *
   * @param succeeded whether it did what it was asked (a retrain published a candidate)
   * @param version the version it published, if any
   */
  public void done(Request request, boolean succeeded, Long version, String outcome) {
    done(request, succeeded, version, outcome, outcome);
  }

  /**
   * The outcome of a request the training thread ran, with a short {@code summary} for the status
   * line (e.g. "published v12 as challenger: the gate kept champion v9").
   */
  public void done(
      Request request, boolean succeeded, Long version, String outcome, String summary) {
    if (request.action() == DriftSettings.Action.RETRAIN && succeeded) {
      retrains.incrementAndGet();
    }
    long now = clock.getAsLong();
    latest.set(
        new Outcome(
            request.action(), succeeded ? Stage.DONE : Stage.FAILED, version, summary, now));
    events.accept(
        event(
            request.action(),
            succeeded ? "INFO" : "WARN",
            succeeded ? 1 : -1,
            version != null ? version : request.cause().modelVersion(),
            String.format(
                Locale.ROOT,
                "%s after %d ms: %s",
                succeeded ? "done" : "failed",
                now - request.requestedAt(),
                outcome),
            now));
  }

  /** Alerts seen since start (acted on or not). */
  public long alerts() {
    return alerts.get();
  }

  /** Actions set off since start (a NOTIFY counts). */
  public long actions() {
    return actions.get();
  }

  /** Retrains that published a candidate. */
  public long retrains() {
    return retrains.get();
  }

  private static MonitoringEvent event(
      DriftSettings.Action action,
      String severity,
      double value,
      long modelVersion,
      String detail,
      long now) {
    return MonitoringEvent.newBuilder()
        .setKind("alert")
        .setComponent(DriftReading.COMPONENT)
        .setMetric(METRIC + action.name().toLowerCase(Locale.ROOT))
        .setValue(value)
        .setModelVersion(modelVersion)
        .setSeverity(severity)
        .setDetail(detail)
        .setTime(now)
        .build();
  }
}
