package io.osprey.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.ingest.features.Recent;
import io.osprey.ingest.join.LabelJoin;
import io.osprey.ingest.keys.Gathering;
import io.osprey.ingest.keys.KeyHistory;
import io.osprey.ingest.keys.KeyedRecent;
import io.osprey.ingest.keys.LabelMarks;
import io.osprey.ingest.model.Event;
import io.osprey.ingest.model.EventKeys;
import io.osprey.ingest.model.FeatureRow;
import io.osprey.ingest.model.KeyRequest;
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
  /** Keyed state of the label join, the features and the keyed stages. */
  private static final List<Class<?>> STATE_TYPES =
      List.of(
          FeatureRow.class,
          LabelEvent.class,
          Recent.class,
          LabelJoin.Verdict.class,
          KeyedRecent.class,
          KeyHistory.class,
          LabelMarks.class,
          Gathering.class,
          KeyRequest.class,
          Event.class,
          EventKeys.class);

  @Test
  void stateTypesKeepTheNamesEarlierSavepointsRecorded() {
    List<Class<?>> stateTypes = STATE_TYPES;

    assertThat(stateTypes)
        .extracting(Class::getName)
        .containsExactly(
            "io.osprey.ingest.model.FeatureRow",
            "io.osprey.ingest.model.LabelEvent",
            "io.osprey.ingest.features.Recent",
            "io.osprey.ingest.join.LabelJoin$Verdict",
            "io.osprey.ingest.keys.KeyedRecent",
            "io.osprey.ingest.keys.KeyHistory",
            "io.osprey.ingest.keys.LabelMarks",
            "io.osprey.ingest.keys.Gathering",
            "io.osprey.ingest.model.KeyRequest",
            "io.osprey.ingest.model.Event",
            "io.osprey.ingest.model.EventKeys");
  }

  @Test
  void stateTypesAreSerializedAsPojosNotByKryo() {
    for (Class<?> type : STATE_TYPES) {
      assertThat(TypeInformation.of(type)).as(type.getName()).isInstanceOf(PojoTypeInfo.class);
    }
  }
}
