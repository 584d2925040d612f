package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.features.Recent;
import io.osprey.ingest.join.LabelJoin;
import io.osprey.ingest.records.Event;
import io.osprey.ingest.records.Example;
import io.osprey.ingest.records.FeatureRow;
import io.osprey.ingest.records.LabelEvent;
import io.osprey.ingest.records.RawRecord;
import io.osprey.ingest.records.Rejected;
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
