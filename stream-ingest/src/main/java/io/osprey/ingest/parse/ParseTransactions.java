package io.osprey.ingest.parse;

import io.osprey.ingest.model.Payment;
import io.osprey.ingest.model.RawRecord;

/** Raw transaction records in; valid payments out, everything else to {@link DeadLetters#TAG}. */
public class ParseTransactions extends ParseRecords<Payment> {
  private static final long serialVersionUID = 1L;

  public ParseTransactions(int maxRecordBytes) {
    super(maxRecordBytes);
  }

  @Override
  Outcome<Payment> parse(RecordParser parser, RawRecord raw, long now) {
    return parser.transaction(raw, now);
  }
}
