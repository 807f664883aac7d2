package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

  @Test
  void ceilingDoublesUpToMax() {
    assertEquals(Duration.ofMillis(50).toNanos(), backoff.ceilingNanos(0));
    assertEquals(Duration.ofMillis(100).toNanos(), backoff.ceilingNanos(1));
    assertEquals(Duration.ofMillis(800).toNanos(), backoff.ceilingNanos(4));
    assertEquals(Duration.ofSeconds(1).toNanos(), backoff.ceilingNanos(5));
    assertEquals(Duration.ofSeconds(1).toNanos(), backoff.ceilingNanos(1_000));
  }

  @Test
  void delayStaysWithinCeiling() {
    for (int retry = 0; retry < 8; retry++) {
      for (int sample = 0; sample < 200; sample++) {
        long delay = backoff.delayNanos(retry);
        assertTrue(delay >= 0, "retry " + retry + " delay " + delay);
        assertTrue(delay <= backoff.ceilingNanos(retry), "retry " + retry + " delay " + delay);
      }
    }
  }
}
