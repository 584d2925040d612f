package io.osprey.trainer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.osprey.model.signing.ModelSigningSettings;
import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.MainHelp;
import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.platform.config.SettingsSources;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import io.osprey.platform.kafka.TopicAdmin;
import io.osprey.platform.metrics.MetricsEndpoint;
import io.osprey.schema.ModelEnvelope;
import io.osprey.trainer.bootstrap.LakeBootstrap;
import io.osprey.trainer.drift.DriftSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one online trainer as a process: {@code TrainerMain [settings.properties] [key=value ...]}
 * (or {@code ./osprey train}). Only wiring lives here; the loop is {@link OnlineTrainer}.
 *
 * <p>With {@code trainer.bootstrap.lake} set ({@code ./osprey train --bootstrap-from-lake PATH}) it
 * first trains a model from the lake and publishes it ({@link LakeBootstrap}), then learns online
 * from that model on; with {@code trainer.bootstrap.only} it exits after publishing.
 */
public final class TrainerMain {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerMain.class);

  private TrainerMain() {}

  public static void main(String[] args) throws Exception {
    if (MainHelp.requested(args)) {
      MainHelp.print(
          System.out,
          "osprey-trainer",
          "Runs the online trainer of one model name until SIGTERM.",
          CommonSettings.class,
          KafkaSecuritySettings.class,
          ModelSigningSettings.class,
          TrainerSettings.class,
          DriftSettings.class);
      return;
    }
    run(
        SettingsSources.forMain(
            args,
            Setting.declaredIn(
                CommonSettings.class,
                KafkaSecuritySettings.class,
                ModelSigningSettings.class,
                TrainerSettings.class,
                DriftSettings.class)));
  }

  /** Runs until the process is asked to stop or the trainer fails. */
  public static void run(Settings settings) throws Exception {
    // Creating missing topics is idempotent; on a managed cluster they already exist.
    TopicAdmin.ensureTopics(settings);
    String lake = settings.get(TrainerSettings.BOOTSTRAP_LAKE);
    boolean bootstrapOnly = settings.get(TrainerSettings.BOOTSTRAP_ONLY);
    if (lake.isBlank() && bootstrapOnly) {
      throw new IllegalArgumentException(
          TrainerSettings.BOOTSTRAP_ONLY.key()
              + " needs a lake to bootstrap from: set "
              + TrainerSettings.BOOTSTRAP_LAKE.key());
    }
    if (!lake.isBlank()) {
      ModelEnvelope envelope = LakeBootstrap.run(settings, Path.of(lake));
      System.err.printf(
          Locale.ROOT,
          "published %s v%d (parent %s) from %s: %,d training examples, validation PR-AUC %.4f,"
              + " threshold %.4f%s%n",
          envelope.getName(),
          envelope.getVersion(),
          envelope.getParentVersion(),
          envelope.getTrainingWindow().getOffsets(),
          envelope.getTrainingWindow().getExamples(),
          envelope.getMetrics().getOrDefault("pr_auc", Double.NaN),
          envelope.getThreshold(),
          envelope.getCalibration() == null ? ", uncalibrated" : ", calibrated");
      if (bootstrapOnly) {
        return;
      }
    }

    PrometheusMeterRegistry registry = MetricsEndpoint.newRegistry();
    MetricsEndpoint endpoint =
        MetricsEndpoint.start(
            registry,
            settings.get(CommonSettings.METRICS_BIND_ADDRESS),
            settings.get(TrainerSettings.METRICS_PORT));
    OnlineTrainer trainer = OnlineTrainer.start(settings, registry);
    endpoint.watch(trainer.health());
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
