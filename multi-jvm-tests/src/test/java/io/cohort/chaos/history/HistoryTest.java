package io.cohort.chaos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.history.History.Invocation;
import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryTest {
  /** Clock that advances by 10 ns on every reading. */
  private final AtomicLong time = new AtomicLong();
  private final History history = new History(() -> time.addAndGet(10));

  @Test
  void recordsOperationsWithClockTimes() {
    Invocation write = history.invokeWrite(1, "k", "a");
    Invocation read = history.invokeRead(2, "k");
    Invocation cas = history.invokeCas(3, "k", Optional.of("a"), "b");
    write.ok();
    read.ok(Optional.of("a"));
    cas.fail();

    List<Operation> operations = history.operations();

    assertEquals(List.of(
        new Operation(0, 1, "k", Kind.WRITE, Optional.empty(), "a", Optional.empty(), 10, 40,
            Outcome.OK),
        new Operation(1, 2, "k", Kind.READ, Optional.empty(), null, Optional.of("a"), 20, 50,
            Outcome.OK),
        new Operation(2, 3, "k", Kind.CAS, Optional.of("a"), "b", Optional.empty(), 30, 60,
            Outcome.FAILED)),
        operations);
  }

  @Test
  void readOfAbsentAndUnknownOutcome() {
    history.invokeRead(1, "k").ok(Optional.empty());
    history.invokeCas(1, "k", Optional.empty(), "a").unknown();

    List<Operation> operations = history.operations();

    assertEquals(Optional.empty(), operations.get(0).observed());
    assertEquals(Outcome.OK, operations.get(0).outcome());
    assertEquals(Optional.empty(), operations.get(1).expected());
    assertEquals(Outcome.UNKNOWN, operations.get(1).outcome());
    assertEquals(40, operations.get(1).completeNanos());
  }

  @Test
  void pendingOperationAppearsUnknown() {
    Invocation write = history.invokeWrite(1, "k", "a");

    Operation pending = history.operations().get(0);
    assertEquals(Outcome.UNKNOWN, pending.outcome());
    assertEquals(History.PENDING_COMPLETE_NANOS, pending.completeNanos());

    write.ok();
    assertEquals(Outcome.OK, history.operations().get(0).outcome());
  }

  @Test
  void snapshotIsImmutable() {
    history.invokeWrite(1, "k", "a").ok();
    List<Operation> snapshot = history.operations();

    history.invokeWrite(1, "k", "b").ok();

    assertEquals(1, snapshot.size());
    assertThrows(UnsupportedOperationException.class, () -> snapshot.remove(0));
    assertEquals(2, history.operations().size());
  }

  @Test
  void invocationCompletesOnce() {
    Invocation write = history.invokeWrite(1, "k", "a");
    write.ok();

    IllegalStateException error = assertThrows(IllegalStateException.class, write::unknown);
    assertTrue(error.getMessage().contains("already completed as OK"), error::getMessage);
    assertEquals(Outcome.OK, history.operations().get(0).outcome());
  }

  @Test
  void completionMustMatchKind() {
    Invocation read = history.invokeRead(1, "k");
    Invocation write = history.invokeWrite(1, "k", "a");

    assertThrows(IllegalStateException.class, read::ok);
    assertThrows(IllegalStateException.class, () -> write.ok(Optional.of("a")));
  }

  @Test
  void groupsByKey() {
    history.invokeWrite(1, "b", "1").ok();
    history.invokeWrite(1, "a", "2").ok();
    history.invokeRead(2, "b").ok(Optional.of("1"));

    Map<String, List<Operation>> byKey = history.byKey();

    assertEquals(List.of("a", "b"), List.copyOf(byKey.keySet()));
    assertEquals(List.of(1), byKey.get("a").stream().map(Operation::id).toList());
    assertEquals(List.of(0, 2), byKey.get("b").stream().map(Operation::id).toList());
  }

  @Test
  void concurrentClientsRecordEveryOperation() throws Exception {
    History shared = new History();
    int clients = 8;
    int operationsPerClient = 2_000;
    ExecutorService executor = Executors.newFixedThreadPool(clients);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      futures.add(executor.submit(() -> {
        start.await();
        for (int i = 0; i < operationsPerClient; i++) {
          Invocation invocation = shared.invokeWrite(client, "k" + (i % 3), client + ":" + i);
          if (i % 10 == 0) {
            invocation.unknown();
          } else {
            invocation.ok();
          }
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(30, TimeUnit.SECONDS);
    }
    executor.shutdown();

    List<Operation> operations = shared.operations();

    assertEquals(clients * operationsPerClient, operations.size());
    Set<String> values = new HashSet<>();
    long[] lastInvoke = new long[clients];
    for (int i = 0; i < operations.size(); i++) {
      Operation operation = operations.get(i);
      assertEquals(i, operation.id());
      assertTrue(operation.completeNanos() >= operation.invokeNanos(), operation::describe);
      assertTrue(operation.completeNanos() != History.PENDING_COMPLETE_NANOS,
          operation::describe);
      assertTrue(operation.invokeNanos() >= lastInvoke[operation.process()], operation::describe);
      lastInvoke[operation.process()] = operation.invokeNanos();
      values.add(operation.newValue());
    }
    assertEquals(clients * operationsPerClient, values.size());
  }

  @Test
  void operationRejectsInconsistentFields() {
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, "k", Kind.WRITE,
        Optional.empty(), null, Optional.empty(), 0, 1, Outcome.OK));
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, "k", Kind.READ,
        Optional.empty(), "a", Optional.empty(), 0, 1, Outcome.OK));
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, "k", Kind.WRITE,
        Optional.of("a"), "b", Optional.empty(), 0, 1, Outcome.OK));
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, "k", Kind.READ,
        Optional.empty(), null, Optional.of("a"), 0, 1, Outcome.FAILED));
    assertThrows(IllegalArgumentException.class, () -> new Operation(0, 1, "k", Kind.WRITE,
        Optional.empty(), "a", Optional.empty(), 5, 4, Outcome.OK));
  }
}
