package io.osprey.trainer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.Settings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one online trainer as a process: {@code TrainerMain [settings.properties] [key=value ...]}
 * (or {@code ./osprey train}). Only wiring lives here; the loop is {@link OnlineTrainer}.
 */
public final class TrainerMain {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerMain.class);

  private TrainerMain() {}

  public static void main(String[] args) throws Exception {
    run(Settings.fromArgs(args));
  }

  /** Runs until the process is asked to stop or the trainer fails. */
  public static void run(Settings settings) throws Exception {
    // Creating missing topics is idempotent; on a managed cluster they already exist.
    TopicAdmin.ensureTopics(settings);

    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(
            registry,
            settings.get(CommonSettings.METRICS_BIND_ADDRESS),
            settings.get(TrainerSettings.METRICS_PORT));
    OnlineTrainer trainer = OnlineTrainer.start(settings, registry);
    LOG.info(
        "trainer {} running; metrics on http://localhost:{}/metrics",
        trainer.modelName(),
        endpoint.port());

    CountDownLatch shutDown = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  trainer.close();
                  endpoint.close();
                  shutDown.countDown();
                },
                "osprey-trainer-shutdown"));

    // The loop ends either because the hook closed it or because it failed.
    trainer.awaitStopped();
    if (trainer.failure().isPresent()) {
      System.exit(1); // runs the hook, which releases the endpoint
    }
    shutDown.await();
  }
}
