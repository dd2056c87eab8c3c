package io.benchtap.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap of this JVM ({@link MemoryMXBean}): the largest used heap seen, sampled every 100 ms on a
 * daemon thread, and the used heap right after a full collection.
 */
final class HeapWatch implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile long max;
  private volatile boolean running = true;

  HeapWatch() {
    thread = new Thread(() -> {
      while (running) {
        max = Math.max(max, used());
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "bench-heap");
    thread.setDaemon(true);
    thread.start();
  }

  long used() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Largest used heap seen so far, bytes. */
  long max() {
    return Math.max(max, used());
  }

  /** The heap limit (-Xmx), bytes, or -1. */
  long limit() {
    return memory.getHeapMemoryUsage().getMax();
  }

  /** Used heap after two full collections, bytes. */
  long afterGc() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      memory.gc();
      Thread.sleep(200);
    }
    return used();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
