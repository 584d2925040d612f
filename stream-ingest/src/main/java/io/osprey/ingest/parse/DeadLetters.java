package io.osprey.ingest.parse;

import io.osprey.ingest.model.Rejected;
import org.apache.flink.util.OutputTag;

/** The side output every stage writes its rejections to; the job unions them into one sink. */
public final class DeadLetters {
  public static final OutputTag<Rejected> TAG = new OutputTag<>("dead-letters") {};

  private DeadLetters() {}
}
