package io.osprey.ingest.parse;

import io.osprey.ingest.model.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raw records in; parsed, valid records out; everything else to {@link DeadLetters#TAG} with its
 * reason. Subclasses name the record type and which {@link RecordParser} method reads it.
 */
abstract class ParseRecords<T> extends ProcessFunction<RawRecord, T> {
  private static final long serialVersionUID = 1L;

  private final int maxRecordBytes;
  private transient RecordParser parser;
  private transient Counter recordsIn;
  private transient Counter deadLetters;

  ParseRecords(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Parses and validates one raw record at processing time {@code now}. */
  abstract Outcome<T> parse(RecordParser parser, RawRecord raw, long now);

  @Override
  public void open(OpenContext context) {
    parser = new RecordParser(maxRecordBytes);
    recordsIn = getRuntimeContext().getMetricGroup().counter("recordsIn");
    deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
    recordsIn.inc();
    Outcome<T> outcome = parse(parser, raw, ctx.timerService().currentProcessingTime());
    if (outcome.isOk()) {
      out.collect(outcome.value());
    } else {
      deadLetters.inc();
      ctx.output(DeadLetters.TAG, outcome.rejected());
    }
  }
}
