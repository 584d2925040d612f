package io.osprey.ingest;

import io.osprey.platform.config.CommonSettings;
import io.osprey.platform.config.MainHelp;
import io.osprey.platform.config.Setting;
import io.osprey.platform.config.Settings;
import io.osprey.platform.config.SettingsSources;
import io.osprey.platform.kafka.KafkaSecuritySettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the job jar on a Flink cluster, e.g. {@code flink run
 * osprey-stream-ingest-0.1.0-SNAPSHOT-job.jar ingest.properties kafka.bootstrap.servers=kafka:9092
 * ingest.state.backend=rocksdb}. Arguments are {@code key=value} words and {@code .properties}
 * files, each key also settable from its environment variable ({@link SettingsSources}); keys are
 * those of {@link IngestSettings}, CommonSettings and KafkaSecuritySettings. A backfill reads files
 * instead of the input topics: {@code ingest.mode=batch ingest.input.transactions=…
 * ingest.input.labels=…}. Another event schema: {@code features.spec=flights.yaml}, read here, on
 * the client, so a wrong spec fails before submission.
 */
public final class IngestJobMain {
  private IngestJobMain() {}

  public static void main(String[] args) throws Exception {
    if (MainHelp.requested(args)) {
      MainHelp.print(
          System.out,
          "osprey-stream-ingest",
          "Submits the ingest job to the Flink cluster it runs in (flink run, the Flink operator),"
              + " or runs it on a local MiniCluster when started with plain java.",
          CommonSettings.class,
          KafkaSecuritySettings.class,
          IngestSettings.class);
      return;
    }
    Settings settings =
        SettingsSources.forMain(
            args,
            Setting.declaredIn(
                CommonSettings.class, KafkaSecuritySettings.class, IngestSettings.class));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    IngestWiring.fromSettings(settings).buildOn(env);
    env.execute("osprey-stream-ingest");
  }
}
