package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.features.Recent;
import io.osprey.ingest.join.LabelJoin;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.Example;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import io.osprey.ingest.model.RawRecord;
import io.osprey.ingest.model.Rejected;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Everything that flows between operators or sits in state is a Flink POJO, never Kryo. */
class RecordTypesTest {
  @ParameterizedTest
  @ValueSource(
      classes = {
        RawRecord.class,
        Event.class,
        LabelEvent.class,
        FeatureRow.class,
        Example.class,
        Rejected.class,
        Recent.class,
        LabelJoin.Verdict.class
      })
  void isAFlinkPojo(Class<?> type) {
    assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
  }
}
