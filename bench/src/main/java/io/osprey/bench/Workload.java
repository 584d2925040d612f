package io.osprey.bench;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a {@link LoadDriver} sends and how it recognises the result that answers each event. Events
 * are numbered 0, 1, 2, ... by the driver; the workload puts the number into the event (its id) so
 * that it can read it back from the result.
 */
interface Workload {
  /** The record of event {@code number}, for {@code topic}. Called from one thread only. */
  ProducerRecord<byte[], byte[]> record(String topic, long number);

  /** The number of the event {@code result} answers, or -1 when it answers none of ours. */
  long numberOf(ConsumerRecord<byte[], byte[]> result);

  /**
   * The event {@code result} answers and the stage times it carries (null when it carries none),
   * read in one go; by default without stage times.
   */
  default Answer answerOf(ConsumerRecord<byte[], byte[]> result) {
    return new Answer(numberOf(result), null);
  }

  /**
   * @param number the event's number, or -1 when the result answers none of ours
   * @param stamps its stage times, or null
   */
  record Answer(long number, StageStamps stamps) {}
}
