package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.features.Recent;
import io.osprey.ingest.join.LabelJoin;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.LabelEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The types held in keyed state are part of every checkpoint and savepoint: Flink's POJO serializer
 * writes their class names into the snapshot, and a restore looks them up by that name. Moving or
 * renaming one of them (or letting it fall back to Kryo) makes every earlier savepoint
 * unrestorable, so such a change must come with a state migration and an edit of this list.
 */
class StateClassNamesTest {

  @Test
  void stateTypesKeepTheNamesEarlierSavepointsRecorded() {
    List<Class<?>> stateTypes =
        List.of(FeatureRow.class, LabelEvent.class, Recent.class, LabelJoin.Verdict.class);

    assertThat(stateTypes)
        .extracting(Class::getName)
        .containsExactly(
            "io.osprey.ingest.model.FeatureRow",
            "io.osprey.ingest.model.LabelEvent",
            "io.osprey.ingest.features.Recent",
            "io.osprey.ingest.join.LabelJoin$Verdict");
  }

  @Test
  void stateTypesAreSerializedAsPojosNotByKryo() {
    for (Class<?> type :
        List.of(FeatureRow.class, LabelEvent.class, Recent.class, LabelJoin.Verdict.class)) {
      assertThat(TypeInformation.of(type)).as(type.getName()).isInstanceOf(PojoTypeInfo.class);
    }
  }
}
