package io.osprey.schema.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.schema.BinnedDistribution;
import io.osprey.schema.Calibration;
import io.osprey.schema.DeadLetter;
import io.osprey.schema.FeatureVector;
import io.osprey.schema.Label;
import io.osprey.schema.ModelEnvelope;
import io.osprey.schema.MonitoringEvent;
import io.osprey.schema.Prediction;
import io.osprey.schema.Reason;
import io.osprey.schema.ReferenceProfile;
import io.osprey.schema.TrainingExample;
import io.osprey.schema.TrainingWindow;
import io.osprey.schema.Transaction;
import java.io.File;
import java.util.List;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.junit.jupiter.api.Test;

/**
 * Osprey trusts its own contracts for Avro's class validator, so a JVM started without {@code
 * -Dorg.apache.avro.SERIALIZABLE_PACKAGES} (a tool, a test runner, a user's program) still decodes
 * them. Surefire sets that property for every test JVM, which once hid a missing embedded record.
 */
class KnownSchemasTest {
  @Test
  void everyGeneratedContractClassIsTrustedEmbeddedRecordsIncluded() {
    ClassSecurityPredicate trusted = KnownSchemas.contractClasses();
    List<Class<?>> generated =
        List.of(
            Transaction.class,
            Label.class,
            DeadLetter.class,
            FeatureVector.class,
            TrainingExample.class,
            ModelEnvelope.class,
            TrainingWindow.class,
            Calibration.class,
            ReferenceProfile.class,
            BinnedDistribution.class,
            Prediction.class,
            Reason.class,
            MonitoringEvent.class);
    assertThat(generated).allMatch(trusted::isTrusted);
  }

  @Test
  void nothingOutsideTheContractsIsTrusted() {
    ClassSecurityPredicate trusted = KnownSchemas.contractClasses();
    assertThat(trusted.isTrusted(File.class)).isFalse();
    assertThat(trusted.isTrusted(AvroCodec.class)).isFalse();
    assertThat(trusted.isTrusted(ProcessBuilder.class)).isFalse();
  }
}
