package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.features.PaymentFeatures;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.Payment;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything that flows between operators or sits in state is a Flink POJO, never Kryo. */
class ModelTypesTest {
  @ParameterizedTest
  @ValueSource(
      classes = {
        RawRecord.class,
        Payment.class,
        LabelEvent.class,
        FeatureRow.class,
        Example.class,
        Rejected.class,
        PaymentFeatures.Recent.class
      })
  void isAFlinkPojo(Class<?> type) {
    assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
  }
}
