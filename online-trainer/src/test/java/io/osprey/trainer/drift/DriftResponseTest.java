package io.osprey.trainer.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.platform.config.Settings;
import io.osprey.schema.MonitoringEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What an alert sets off, once per cooldown, and the events that say so. */
class DriftResponseTest {
  private final List<MonitoringEvent> events = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong(1_000_000);

  private DriftResponse response(Map<String, String> settings) {
    return new DriftResponse(DriftConfig.from(Settings.of(settings)), events::add, clock::get);
  }

  private static DriftReading alert() {
    return new DriftReading("feature", "amount", "psi", 0.5, 0.2, 2000, 7, 1, 2);
  }

  @Test
  void notifyOnlySaysSoOncePerCooldown() {
    DriftResponse response = response(Map.of());
    response.onAlert(alert());
    response.onAlert(alert());

    assertThat(response.take()).isEmpty();
    assertThat(events)
        .extracting(MonitoringEvent::getMetric)
        .containsExactly("drift.action.notify");
    assertThat(response.alerts()).isEqualTo(2);

    clock.addAndGet(5 * 60_000); // the cooldown has passed
    response.onAlert(alert());
    assertThat(events).hasSize(2);
  }

  @Test
  void aRetrainIsRequestedOnceAndItsOutcomeReported() {
    DriftResponse response =
        response(Map.of("drift.action", "retrain", "drift.retrain.lake", "/tmp/lake"));
    response.onAlert(alert());
    response.onAlert(alert()); // the same shift: no second request

    DriftResponse.Request request = response.take().orElseThrow();
    assertThat(request.action()).isEqualTo(DriftSettings.Action.RETRAIN);
    assertThat(response.take()).isEmpty();
    response.done(request, true, 9L, "v9 published as challenger");

    assertThat(events)
        .extracting(MonitoringEvent::getMetric)
        .containsExactly("drift.action.retrain", "drift.action.retrain");
    assertThat(events.get(0).getDetail()).startsWith("requested by CRITICAL psi of amount");
    assertThat(events.get(1).getDetail()).contains("done").contains("challenger");
    assertThat(events.get(1).getModelVersion()).isEqualTo(9L);
    assertThat(response.retrains()).isEqualTo(1);
  }

  @Test
  void aRetrainWithoutALakeIsAReset() {
    DriftResponse response = response(Map.of("drift.action", "RETRAIN"));
    response.onAlert(alert());

    assertThat(response.take().orElseThrow().action()).isEqualTo(DriftSettings.Action.RESET);
  }

  @Test
  void aFailedActionIsReportedAsAWarning() {
    DriftResponse response = response(Map.of("drift.action", "RESET"));
    response.onAlert(alert());
    response.done(response.take().orElseThrow(), false, null, "no lake");

    assertThat(events.get(1).getSeverity()).isEqualTo("WARN");
    assertThat(events.get(1).getDetail()).startsWith("failed");
    assertThat(response.retrains()).isZero();
  }

  @Test
  void noAlertActsBeforeTheMonitorHasRunForActionAfter() {
    DriftResponse response = response(Map.of("drift.action", "RESET", "drift.action.after", "4m"));
    response.onAlert(alert());
    assertThat(response.take()).isEmpty();
    assertThat(events).isEmpty();
    assertThat(response.alerts()).isEqualTo(1);

    clock.addAndGet(4 * 60_000);
    response.onAlert(alert());
    assertThat(response.take()).isPresent();
  }

  @Test
  void theLatestActionAndItsOutcomeAreKeptForTheStatusLine() {
    DriftResponse response =
        response(Map.of("drift.action", "retrain", "drift.retrain.lake", "/tmp/lake"));
    assertThat(response.latest()).isEmpty();
    response.onAlert(alert());
    assertThat(response.latest().orElseThrow().stage()).isEqualTo(DriftResponse.Stage.REQUESTED);
    assertThat(response.latest().orElseThrow().describe())
        .startsWith("retrain requested: by CRITICAL psi of amount");

    DriftResponse.Request request = response.take().orElseThrow();
    response.done(
        request,
        true,
        12L,
        "model=fraud v12 retrained from lake:/tmp/lake (4,000 examples) ...",
        "published v12 → gate kept champion v9");

    DriftResponse.Outcome latest = response.latest().orElseThrow();
    assertThat(latest.stage()).isEqualTo(DriftResponse.Stage.DONE);
    assertThat(latest.version()).isEqualTo(12L);
    assertThat(latest.describe()).isEqualTo("retrain done: published v12 → gate kept champion v9");
    // the event keeps the long outcome
    assertThat(events.get(1).getDetail()).contains("lake:/tmp/lake");
  }

  @Test
  void aRequestPutBackIsTakenAgainOnlyAfterItsDelay() {
    DriftResponse response =
        response(Map.of("drift.action", "retrain", "drift.retrain.lake", "/tmp/lake"));
    response.onAlert(alert());
    DriftResponse.Request request = response.take().orElseThrow();

    response.retryLater(request, Duration.ofSeconds(5), "waiting for the lake");
    assertThat(response.take()).isEmpty();
    assertThat(response.latest().orElseThrow().describe())
        .isEqualTo("retrain waiting: waiting for the lake");
    response.onAlert(alert()); // meanwhile: counted, no second request
    clock.addAndGet(5_000);

    DriftResponse.Request again = response.take().orElseThrow();
    assertThat(again.requestedAt()).isEqualTo(request.requestedAt());
    assertThat(again.cause()).isEqualTo(request.cause());
    assertThat(response.take()).isEmpty();
  }
}
