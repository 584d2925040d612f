package io.osprey.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReviewDeskTest {
  private final ReviewQueue queue = new ReviewQueue(10);
  private final RecordingLabelWriter labels = new RecordingLabelWriter();
  private final ReviewDesk desk = new ReviewDesk(queue, labels, () -> 1_234L);

  ReviewDeskTest() {
    queue.add(item("e-1"));
    queue.add(item("e-2"));
  }

  private static ReviewQueue.Item item(String eventId) {
    return new ReviewQueue.Item(eventId, "card-1", 0.45, 0.5, 3, 1_000, List.of(), List.of());
  }

  private ReviewDesk.Outcome submit(String eventId, String body) {
    return desk.submit(eventId, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aVerdictOnAQueuedEventIsWrittenOnceAsAnAnalystLabel() {
    ReviewDesk.Outcome outcome = submit("e-1", "{\"verdict\":\"fraud\"}");

    assertThat(outcome.status()).isEqualTo(200);
    assertThat(labels.written)
        .containsExactly(new RecordingLabelWriter.Written("e-1", true, 1_234L));
    assertThat(queue.verdict("e-1")).isEqualTo("fraud");
    assertThat(submit("e-2", "{\"verdict\": \"legitimate\"}").status()).isEqualTo(200);
    assertThat(labels.written.get(1).fraud()).isFalse();
  }

  @Test
  void anUnknownEventIsRefusedWith404AndWritesNothing() {
    ReviewDesk.Outcome outcome = submit("e-unknown", "{\"verdict\":\"fraud\"}");

    assertThat(outcome.status()).isEqualTo(404);
    assertThat(outcome.message()).contains("e-unknown").contains("not in the review queue");
    assertThat(labels.written).isEmpty();
  }

  @Test
  void malformedVerdictsAreRefusedWith400AndWriteNothing() {
    for (String body :
        List.of(
            "",
            "not json",
            "[]",
            "{}",
            "{\"verdict\":\"maybe\"}",
            "{\"verdict\":true}",
            "{\"verdict\":\"fraud\",\"extra\":1}",
            "{\"verdict\":\"FRAUD\"}",
            "null")) {
      ReviewDesk.Outcome outcome = submit("e-1", body);
      assertThat(outcome.status()).as(body).isEqualTo(400);
      assertThat(outcome.message()).contains("\"fraud\"").contains("\"legitimate\"");
    }
    assertThat(submit(" ", "{\"verdict\":\"fraud\"}").status()).isEqualTo(400);
    assertThat(submit("e-1", "{\"verdict\":\"" + "x".repeat(2_000) + "\"}").status())
        .isEqualTo(413);
    assertThat(labels.written).isEmpty();
    assertThat(queue.verdict("e-1")).isNull(); // still open
  }

  @Test
  void aSecondVerdictIsRefusedWith409AndWritesNothing() {
    submit("e-1", "{\"verdict\":\"fraud\"}");

    ReviewDesk.Outcome again = submit("e-1", "{\"verdict\":\"legitimate\"}");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("already has a verdict (fraud)");
    assertThat(labels.written).hasSize(1);
  }

  @Test
  void concurrentSubmissionsOfOneEventWriteOneLabel() throws Exception {
    int callers = 8;
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<ReviewDesk.Outcome>> outcomes =
          java.util.stream.IntStream.range(0, callers)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            go.await();
                            return submit("e-2", "{\"verdict\":\"fraud\"}");
                          }))
              .toList();
      go.countDown();
      long accepted = 0;
      for (Future<ReviewDesk.Outcome> outcome : outcomes) {
        int status = outcome.get(10, TimeUnit.SECONDS).status();
        assertThat(status).isIn(200, 409);
        accepted += status == 200 ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
      assertThat(labels.written).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLabelTheBrokerDidNotTakeLeavesTheVerdictOpen() {
    labels.failNext = true;

    ReviewDesk.Outcome failed = submit("e-1", "{\"verdict\":\"fraud\"}");

    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.message()).contains("try again");
    assertThat(queue.verdict("e-1")).isNull();
    assertThat(submit("e-1", "{\"verdict\":\"fraud\"}").status()).isEqualTo(200);
    assertThat(labels.written).hasSize(1);
  }

  @Test
  void aJudgedEventThatDroppedOutOfTheQueueIsStillRefusedWith409() {
    ReviewQueue small = new ReviewQueue(1);
    ReviewDesk smallDesk = new ReviewDesk(small, labels, () -> 0L);
    small.add(item("a"));
    smallDesk.submit("a", "{\"verdict\":\"fraud\"}".getBytes(StandardCharsets.UTF_8));
    small.add(item("b")); // "a" drops out

    assertThat(
            smallDesk
                .submit("a", "{\"verdict\":\"legitimate\"}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(409);
    assertThat(labels.written).hasSize(1);
    assertThat(small.open()).isEqualTo(1);
  }

  @Test
  void anEventThatDroppedOutOfTheQueueCanNoLongerBeJudged() {
    ReviewQueue small = new ReviewQueue(2);
    small.add(item("a"));
    small.add(item("b"));
    small.add(item("c"));
    ReviewDesk smallDesk = new ReviewDesk(small, labels, () -> 0L);

    assertThat(
            smallDesk
                .submit("a", "{\"verdict\":\"fraud\"}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(404);
    assertThat(small.newestFirst(10))
        .extracting(row -> row.get("eventId"))
        .containsExactly("c", "b");
  }
}
