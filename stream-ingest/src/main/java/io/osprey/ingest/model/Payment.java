package io.osprey.ingest.model;

import io.osprey.schema.Transaction;

/** A transaction that passed validation, with the only source detail downstream needs. */
public class Payment {
  public String eventId;
  public String cardId;
  public String merchantId;
  public String merchantCategory;
  public double amount;
  public String currency;
  public String country;
  public String channel;
  public long eventTime;

  /** Kafka timestamp of the source record: where end-to-end latency starts. */
  public long ingestTime;

  public Payment() {}

  public static Payment of(Transaction t, long ingestTime) {
    Payment p = new Payment();
    p.eventId = t.getEventId();
    p.cardId = t.getCardId();
    p.merchantId = t.getMerchantId();
    p.merchantCategory = t.getMerchantCategory();
    p.amount = t.getAmount();
    p.currency = t.getCurrency();
    p.country = t.getCountry();
    p.channel = t.getChannel();
    p.eventTime = t.getEventTime();
    p.ingestTime = ingestTime;
    return p;
  }

  @Override
  public String toString() {
    return "Payment{" + eventId + ", card " + cardId + ", " + amount + " " + currency + "}";
  }
}
