package io.osprey.ingest.parse;

import io.osprey.ingest.model.Payment;
import io.osprey.ingest.model.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Raw transaction records in; valid payments out, everything else to {@link DeadLetters#TAG}. */
public class ParseTransactions extends ProcessFunction<RawRecord, Payment> {
  private static final long serialVersionUID = 1L;

  private final int maxRecordBytes;
  private transient RecordParser parser;
  private transient Counter recordsIn;
  private transient Counter deadLetters;

  public ParseTransactions(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void open(OpenContext context) {
    parser = new RecordParser(maxRecordBytes);
    recordsIn = getRuntimeContext().getMetricGroup().counter("recordsIn");
    deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(RawRecord raw, Context ctx, Collector<Payment> out) {
    recordsIn.inc();
    Outcome<Payment> outcome = parser.transaction(raw, ctx.timerService().currentProcessingTime());
    if (outcome.isOk()) {
      out.collect(outcome.value());
    } else {
      deadLetters.inc();
      ctx.output(DeadLetters.TAG, outcome.rejected());
    }
  }
}
