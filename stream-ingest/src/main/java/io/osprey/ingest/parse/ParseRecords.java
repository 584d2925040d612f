package io.osprey.ingest.parse;

import io.osprey.ingest.model.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw records in; parsed, valid records out; everything else to {@link DeadLetters#TAG} with its
 * reason. Subclasses say which parser reads the records.
 */
abstract class ParseRecords<T> extends ProcessFunction<RawRecord, T> {
  private static final long serialVersionUID = 1L;

  /** Parses and validates one raw record at processing time {@code now}. */
  interface Parser<T> {
    Outcome<T> parse(RawRecord raw, long now);
  }

  private transient Parser<T> parser;
  private transient Counter recordsIn;
  private transient Counter deadLetters;

  /** Built on the task: parsers hold codecs and compiled rules that do not travel. */
  abstract Parser<T> newParser();

  @Override
  public void open(OpenContext context) {
    parser = newParser();
    recordsIn = getRuntimeContext().getMetricGroup().counter("recordsIn");
    deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
    recordsIn.inc();
    Outcome<T> outcome = parser.parse(raw, ctx.timerService().currentProcessingTime());
    if (outcome.isOk()) {
      out.collect(outcome.value());
    } else {
      deadLetters.inc();
      ctx.output(DeadLetters.TAG, outcome.rejected());
    }
  }
}
