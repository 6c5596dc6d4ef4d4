package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exporter's queue: order, capacity, and many producers with one consumer. */
class MpscQueueTest {

  @Test
  void oneProducerGetsItsItemsBackInOrderThenNull() {
    MpscQueue<Integer> queue = new MpscQueue<>(16);
    assertThat(queue.poll()).isNull();
    for (int i = 0; i < 40; i++) { // more than the slots: the indexes wrap around the array
      assertThat(queue.offer(i)).isPositive();
      assertThat(queue.size()).isEqualTo(1);
      assertThat(queue.poll()).isEqualTo(i);
    }
    for (int i = 0; i < 10; i++) {
      queue.offer(i);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(queue.poll()).isEqualTo(i);
    }
    assertThat(queue.poll()).isNull();
    assertThat(queue.accepted()).isEqualTo(50);
    assertThat(queue.size()).isZero();
  }

  @Test
  void aFullQueueRefusesUntilTheConsumerMakesRoom() {
    MpscQueue<String> queue = new MpscQueue<>(5); // 8 slots, but it holds 5
    assertThat(queue.capacity()).isEqualTo(5);
    for (int i = 1; i <= 5; i++) {
      assertThat(queue.offer("item-" + i)).as("size after offer %d", i).isEqualTo(i);
    }
    assertThat(queue.offer("refused")).isEqualTo(-1);
    assertThat(queue.size()).isEqualTo(5);
    assertThat(queue.accepted()).as("a refused item is not counted").isEqualTo(5);

    assertThat(queue.poll()).isEqualTo("item-1");
    assertThat(queue.offer("item-6")).isPositive();
    assertThat(queue.offer("refused again")).isEqualTo(-1);
    List<String> rest = new ArrayList<>();
    for (String s; (s = queue.poll()) != null; ) {
      rest.add(s);
    }
    assertThat(rest).containsExactly("item-2", "item-3", "item-4", "item-5", "item-6");
  }

  /**
   * Producers on several threads race for the slots of a small queue (so it is full often, and the
   * consumer meets slots claimed but not yet written): every item arrives once, and each
   * producer's items in the order it offered them.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void concurrentProducersLoseNothingAndKeepTheirOrder() throws InterruptedException {
    int producers = 4;
    int perProducer = 20_000;
    MpscQueue<Long> queue = new MpscQueue<>(64);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      long producer = p;
      Thread t = new Thread(() -> {
        awaitQuietly(go);
        for (long seq = 0; seq < perProducer; seq++) {
          while (queue.offer(producer << 32 | seq) < 0) {
            Thread.yield(); // full: the consumer is behind
          }
        }
      }, "producer-" + p);
      t.setDaemon(true); // a hung producer must not outlive the failed test
      t.start();
      threads.add(t);
    }
    go.countDown();
    long[] next = new long[producers];
    int received = 0;
    while (received < producers * perProducer) {
      Long item = queue.poll();
      if (item == null) {
        Thread.onSpinWait();
        continue;
      }
      int producer = (int) (item >>> 32);
      long seq = item & 0xFFFF_FFFFL;
      assertThat(seq).as("next item of producer %d", producer).isEqualTo(next[producer]);
      next[producer]++;
      received++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(queue.poll()).isNull();
    assertThat(next).containsOnly(perProducer);
    assertThat(queue.accepted()).isEqualTo((long) producers * perProducer);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
