package io.osprey.platform.testing;

import io.osprey.platform.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real KRaft broker for one test class, in a temporary directory on a free port:
 * {@code @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();}. It starts before
 * the class's {@code @BeforeAll} methods and is closed (and its data deleted) after the class.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = EmbeddedKafka.startTemporary();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kafka != null) {
      kafka.close();
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}
