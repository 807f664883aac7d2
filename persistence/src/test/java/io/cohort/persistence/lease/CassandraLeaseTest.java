package io.cohort.persistence.lease;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.EmbeddedCassandra;
import io.cohort.persistence.JournalConfig;
import io.cohort.persistence.lease.LeaseStore.LeaseWrite;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.coordination.lease.LeaseException;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.LeaseTimeoutException;
import org.apache.pekko.coordination.lease.internal.LeaseAdapterToScala;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.coordination.lease.javadsl.LeaseProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link CassandraLease} against one embedded Cassandra started for the whole class. Most tests use
 * short timings (TTL 4 s, renewals every 500 ms, 1 s margin, so the lease turns stale 3 s after its last
 * renewal was sent) so that expiry tests finish quickly. The last test kills Cassandra.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraLeaseTest {
  private static final int NATIVE_PORT = 19342;
  private static final int STORAGE_PORT = 19343;

  /** Config path of the short-timing copy of the shipped lease block. */
  private static final String FAST_LEASE_PATH = "cohort.lease.cassandra-fast";

  private static final Duration TTL = Duration.ofSeconds(4);
  private static final Duration MARGIN = Duration.ofSeconds(1);
  private static final Duration VALIDITY = TTL.minus(MARGIN);
  private static final Duration OPERATION_TIMEOUT = Duration.ofMillis(2500);

  /** Cassandra's TTL counts from the write's wall-clock time truncated to whole seconds. */
  private static final Duration TTL_GRANULARITY = Duration.ofSeconds(1);

  /** Bound on waiting for one lease operation. The lease itself times out after OPERATION_TIMEOUT. */
  private static final Duration AWAIT = Duration.ofSeconds(30);

  /** Covers delays of the scheduler and dispatcher that run the lease's timers on a loaded machine. */
  private static final Duration TIMER_SLACK = Duration.ofSeconds(1);

  @TempDir static Path dir;
  private static EmbeddedCassandra cassandra;
  private static ActorSystem system;
  private static CqlSession cql;

  @BeforeAll
  static void startCassandraAndActorSystem() throws Exception {
    cassandra =
        CassandraLauncher.start(
            new CassandraNode(
                dir.resolve("node"),
                "127.0.0.1",
                NATIVE_PORT,
                STORAGE_PORT,
                List.of("127.0.0.1"),
                "512M",
                Duration.ofSeconds(120),
                List.of()));
    Config application =
        ConfigFactory.parseString(
            FAST_LEASE_PATH
                + " = ${cohort.lease.cassandra} {\n"
                + "  heartbeat-timeout = 4s\n"
                + "  heartbeat-interval = 500ms\n"
                + "  safety-margin = 1s\n"
                + "  lease-operation-timeout = 2500ms\n"
                + "}\n"
                // The driver otherwise waits 2 s per event loop group when the actor system terminates.
                + "datastax-java-driver.advanced.netty.io-group.shutdown.quiet-period = 0\n"
                + "datastax-java-driver.advanced.netty.admin-group.shutdown.quiet-period = 0\n");
    Config config = JournalConfig.forEmbeddedCassandra(cassandra).withFallback(CohortConfig.withDefaults(application));
    system = ActorSystem.create("CassandraLeaseTest", config);
    cql = connect();

    // Creating the keyspace and table on first use can take longer than one acquire's timeout.
    CassandraLeaseSettings settings = CassandraLeaseSettings.from(leaseSettings(FAST_LEASE_PATH, "warm-up", "test"));
    LeaseStores.ID.get(system).storeFor(settings.store()).ensureReady().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopActorSystemAndCassandra() throws Exception {
    try {
      if (cql != null) {
        cql.close();
      }
      if (system != null) {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } finally {
      if (cassandra != null) {
        cassandra.stop();
      }
    }
  }

  @Test
  @Order(1)
  void secondOwnerAcquiresAfterRelease() throws Exception {
    CassandraLease first = fastLease("two-owners", "node-a");
    CassandraLease second = fastLease("two-owners", "node-b");

    assertTrue(await(first.acquire()), "first owner did not acquire a free lease");
    assertFalse(await(second.acquire()), "second owner acquired a held lease");
    assertTrue(first.checkLease());
    assertFalse(second.checkLease());
    assertEquals("node-a", rowOwner("two-owners"));

    assertTrue(await(first.release()), "release by the holder did not delete the row");
    assertFalse(first.checkLease());
    assertNull(rowOwner("two-owners"));

    assertTrue(await(second.acquire()), "second owner did not acquire after the release");
    assertTrue(second.checkLease());
    assertEquals("node-b", rowOwner("two-owners"));
    assertTrue(await(second.release()));
  }

  @Test
  @Order(2)
  void concurrentAcquireHasOneWinner() throws Exception {
    int owners = 8;
    ExecutorService threads = Executors.newFixedThreadPool(owners);
    try {
      for (int round = 0; round < 3; round++) {
        String name = "contended-" + round;
        List<CassandraLease> leases = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
          leases.add(fastLease(name, "owner-" + i));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<CompletionStage<Boolean>>> calls = new ArrayList<>();
        for (CassandraLease lease : leases) {
          calls.add(
              threads.submit(
                  () -> {
                    start.await();
                    return lease.acquire();
                  }));
        }
        start.countDown();

        List<Integer> winners = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
          CompletableFuture<Boolean> result =
              calls.get(i).get(AWAIT.toSeconds(), TimeUnit.SECONDS).toCompletableFuture();
          try {
            if (result.get(AWAIT.toSeconds(), TimeUnit.SECONDS)) {
              winners.add(i);
            }
          } catch (ExecutionException e) {
            assertInstanceOf(LeaseException.class, e.getCause());
            failures.add("owner-" + i + ": " + e.getCause().getMessage());
          }
        }

        assertEquals(1, winners.size(), "round " + round + " winners " + winners + ", failures " + failures);
        int winner = winners.get(0);
        assertEquals("owner-" + winner, rowOwner(name));
        for (int i = 0; i < owners; i++) {
          assertEquals(i == winner, leases.get(i).checkLease(), "checkLease() of owner-" + i);
        }
        assertTrue(await(leases.get(winner).release()));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @Order(3)
  void holderKeepsLeaseBeyondTtl() throws Exception {
    CassandraLease holder = fastLease("renewed", "node-a");
    LostCallback lost = new LostCallback();
    assertTrue(await(holder.acquire(lost)));

    // Polls for twice the TTL plus one second, about 18 renewal intervals.
    long end = System.nanoTime() + TTL.multipliedBy(2).plusSeconds(1).toNanos();
    while (System.nanoTime() - end < 0) {
      assertTrue(holder.checkLease(), "the holder's lease turned stale although Cassandra is up");
      Thread.sleep(50);
    }

    assertFalse(await(fastLease("renewed", "node-b").acquire()), "another owner acquired a renewed lease");
    assertEquals("node-a", rowOwner("renewed"));
    int remainingTtl = rowTtl("renewed");
    assertTrue(remainingTtl >= 1, "TTL of the row is " + remainingTtl + " s");
    assertTrue(remainingTtl <= TTL.toSeconds(), "TTL of the row is " + remainingTtl + " s");
    assertEquals(0, lost.calls.get(), "the lease-lost callback ran while the lease was renewed");
    assertTrue(await(holder.release()));
  }

  @Test
  @Order(4)
  void staleHolderLosesLeaseAfterRenewalsStop() throws Exception {
    HeldBackRenewals store = new HeldBackRenewals();
    CassandraLease holder = fastLease("stale", "node-a", store);
    LostCallback lost = new LostCallback();
    assertTrue(await(holder.acquire(lost)));
    awaitCondition(() -> store.appliedRenewals.get() >= 3, Duration.ofSeconds(10), "three renewals were applied");

    store.holdBack();
    awaitCondition(() -> store.renewalsInProgress.get() == 0, AWAIT, "renewals started before holding back ended");
    long lastRenewalStarted = store.lastAppliedRenewalStartedNanos.get();
    long lastRenewalCompleted = store.lastAppliedRenewalCompletedNanos.get();
    assertTrue(holder.checkLease(), "the lease turned stale right after the last applied renewal");

    // checkLease() must be false no later than heartbeat-timeout - safety-margin after the last applied
    // renewal was sent, which was before it completed.
    awaitCondition(() -> System.nanoTime() - (lastRenewalCompleted + VALIDITY.toNanos()) >= 0, AWAIT, "stale time");
    assertFalse(
        holder.checkLease(), "checkLease() is still true heartbeat-timeout - safety-margin after the last renewal");
    assertTrue(
        lost.await(TIMER_SLACK.toMillis()),
        "the lease-lost callback did not run within " + TIMER_SLACK + " after the lease turned stale");
    assertInstanceOf(LeaseTimeoutException.class, lost.reason.get().orElseThrow());
    int renewalsAtLoss = store.renewalCalls.get();

    // Another owner can acquire once the row's TTL ended, and not before.
    CassandraLease next = fastLease("stale", "node-b");
    long deadline = lastRenewalCompleted + TTL.plus(TIMER_SLACK).plusSeconds(2).toNanos();
    boolean acquired = false;
    while (!acquired && System.nanoTime() - deadline < 0) {
      acquired = await(next.acquire());
      if (!acquired) {
        Thread.sleep(100);
      }
    }
    long acquiredAt = System.nanoTime();
    assertTrue(acquired, "another owner could not acquire the lease after its TTL ended");
    assertFalse(holder.checkLease(), "the stale holder's checkLease() is true while another owner holds the lease");
    long earliestExpiry = lastRenewalStarted + TTL.minus(TTL_GRANULARITY).toNanos();
    assertTrue(
        acquiredAt - earliestExpiry >= 0,
        "another owner acquired "
            + TimeUnit.NANOSECONDS.toMillis(earliestExpiry - acquiredAt)
            + " ms before the row could have expired");

    assertEquals(1, lost.calls.get(), "the lease-lost callback ran more than once");
    assertEquals(renewalsAtLoss, store.renewalCalls.get(), "the holder kept renewing after it lost the lease");
    assertTrue(await(next.release()));
  }

  @Test
  @Order(5)
  void releaseByNonOwnerKeepsRow() throws Exception {
    CassandraLease holder = fastLease("foreign-release", "node-a");
    CassandraLease other = fastLease("foreign-release", "node-b");
    assertTrue(await(holder.acquire()));

    assertFalse(await(other.release()), "release by a non-owner reported a deleted row");

    assertEquals("node-a", rowOwner("foreign-release"));
    assertTrue(holder.checkLease());
    assertFalse(await(other.acquire()));
    assertTrue(await(holder.release()));
    assertNull(rowOwner("foreign-release"));
  }

  @Test
  @Order(6)
  void sameOwnerAcquiresItsRowAgain() throws Exception {
    CassandraLease before = fastLease("restart", "node-a");
    LostCallback lost = new LostCallback();
    assertTrue(await(before.acquire(lost)));
    assertTrue(await(before.acquire(lost)), "the holder could not acquire its lease again");
    assertTrue(before.checkLease());

    // A new instance with the same owner name, as after a restart of the node, takes over the row.
    CassandraLease after = fastLease("restart", "node-a");
    assertTrue(await(after.acquire()), "the same owner could not acquire the row it already owns");
    assertTrue(after.checkLease());
    assertEquals("node-a", rowOwner("restart"));
    assertTrue(await(after.release()));

    // The old instance's next renewal finds no row naming it and reports the loss.
    Duration lossDeadline = Duration.ofMillis(500).plus(OPERATION_TIMEOUT).plus(TIMER_SLACK);
    assertTrue(lost.await(lossDeadline.toMillis()), "no loss reported within " + lossDeadline);
    assertFalse(before.checkLease());
    Throwable reason = lost.reason.get().orElseThrow();
    assertInstanceOf(LeaseException.class, reason);
    assertTrue(reason.getMessage().contains("no owner"), reason.getMessage());
    assertEquals(1, lost.calls.get());
  }

  @Test
  @Order(7)
  void leaseProviderCreatesLeaseFromShippedConfig() throws Exception {
    Lease lease = LeaseProvider.get(system).getLease("provider", CassandraLease.CONFIG_PATH, "127.0.0.1:2551");

    CassandraLease cassandraLease = assertInstanceOf(CassandraLease.class, lease);
    assertSame(lease, LeaseProvider.get(system).getLease("provider", CassandraLease.CONFIG_PATH, "127.0.0.1:2551"));
    // Cluster Sharding and the split-brain resolver use the Scala API, which wraps the Java lease.
    org.apache.pekko.coordination.lease.scaladsl.Lease scalaLease =
        org.apache.pekko.coordination.lease.scaladsl.LeaseProvider.get(system)
            .getLease("provider", CassandraLease.CONFIG_PATH, "127.0.0.1:2551");
    assertSame(cassandraLease, assertInstanceOf(LeaseAdapterToScala.class, scalaLease).delegate());
    assertEquals(Duration.ofSeconds(6), lease.getSettings().timeoutSettings().getHeartbeatTimeout());
    assertEquals(Duration.ofMillis(1500), lease.getSettings().timeoutSettings().getHeartbeatInterval());

    assertTrue(await(lease.acquire()));
    assertEquals("127.0.0.1:2551", rowOwner("provider"));
    assertTrue(lease.checkLease());
    assertTrue(await(lease.release()));
    assertNull(rowOwner("provider"));
  }

  /** Kills Cassandra, so it runs last. */
  @Test
  @Order(8)
  void cassandraOutageLosesLease() throws Exception {
    ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> uncaught.add(error));
    try {
      CassandraLease holder = fastLease("outage", "node-a");
      LostCallback lost = new LostCallback();
      assertTrue(await(holder.acquire(lost)));

      long killStarted = System.nanoTime();
      cassandra.kill();

      // Every applied renewal was sent before the kill, so the lease turns stale within VALIDITY of it.
      assertTrue(
          lost.await(VALIDITY.plus(TIMER_SLACK).toMillis()),
          "the lease-lost callback did not run within " + VALIDITY.plus(TIMER_SLACK) + " of the kill");
      Duration lostAfter = Duration.ofNanos(lost.firstCallNanos.get() - killStarted);
      assertTrue(lostAfter.compareTo(TTL) < 0, "the lease was reported lost " + lostAfter + " after the kill");
      assertFalse(holder.checkLease());
      assertNotNull(lost.reason.get().orElse(null));

      CompletionStage<Boolean> acquire = assertDoesNotThrow(() -> holder.acquire());
      ExecutionException acquireError =
          assertThrows(
              ExecutionException.class, () -> acquire.toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(LeaseException.class, acquireError.getCause());
      CompletionStage<Boolean> release = assertDoesNotThrow(() -> holder.release());
      ExecutionException releaseError =
          assertThrows(
              ExecutionException.class, () -> release.toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(LeaseException.class, releaseError.getCause());

      assertEquals(1, lost.calls.get(), "the lease-lost callback ran more than once");
      assertTrue(uncaught.isEmpty(), "exceptions escaped to threads: " + uncaught);
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }
  }

  // ----- helpers -----

  private static LeaseSettings leaseSettings(String configPath, String name, String owner) {
    Config config = system.settings().config();
    Config leaseConfig = config.getConfig(configPath).withFallback(config.getConfig("pekko.coordination.lease"));
    return LeaseSettings.apply(leaseConfig, name, owner);
  }

  private static CassandraLease fastLease(String name, String owner) {
    return new CassandraLease(leaseSettings(FAST_LEASE_PATH, name, owner), (ExtendedActorSystem) system);
  }

  private static CassandraLease fastLease(String name, String owner, HeldBackRenewals store) {
    return new CassandraLease(
        leaseSettings(FAST_LEASE_PATH, name, owner), (ExtendedActorSystem) system, store::wrap);
  }

  private static boolean await(CompletionStage<Boolean> stage) throws Exception {
    return stage.toCompletableFuture().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static void awaitCondition(BooleanSupplier condition, Duration timeout, String description)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        fail("timed out after " + timeout + " waiting until " + description);
      }
      Thread.sleep(10);
    }
  }

  /** Returns the owner in the lease row, read at SERIAL consistency so that it includes every applied write. */
  private static String rowOwner(String name) {
    Row row = cql.execute(serialRead("SELECT owner FROM cohort_lease.leases WHERE name = ?", name)).one();
    return row == null ? null : row.getString("owner");
  }

  /** Returns the remaining TTL of the owner column in seconds. */
  private static int rowTtl(String name) {
    Row row = cql.execute(serialRead("SELECT TTL(owner) AS ttl FROM cohort_lease.leases WHERE name = ?", name)).one();
    assertNotNull(row, "no row for lease " + name);
    return row.getInt("ttl");
  }

  private static SimpleStatement serialRead(String query, String name) {
    return SimpleStatement.newInstance(query, name).setConsistencyLevel(DefaultConsistencyLevel.SERIAL);
  }

  private static CqlSession connect() {
    DriverConfigLoader driverConfig =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(20))
            .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
            .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
            .build();
    return CqlSession.builder()
        .addContactPoint(new InetSocketAddress("127.0.0.1", NATIVE_PORT))
        .withLocalDatacenter("datacenter1")
        .withConfigLoader(driverConfig)
        .build();
  }

  /** Records the calls of a lease-lost callback. */
  private static final class LostCallback implements Consumer<Optional<Throwable>> {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicLong firstCallNanos = new AtomicLong();
    final AtomicReference<Optional<Throwable>> reason = new AtomicReference<>(Optional.empty());
    private final CountDownLatch called = new CountDownLatch(1);

    @Override
    public void accept(Optional<Throwable> lostReason) {
      if (calls.incrementAndGet() == 1) {
        firstCallNanos.set(System.nanoTime());
        reason.set(lostReason);
      }
      called.countDown();
    }

    boolean await(long millis) throws InterruptedException {
      return called.await(millis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Wraps the real store and, after {@link #holdBack()}, never sends renewals and never completes them,
   * as if the holder were cut off from Cassandra. Acquire and release still pass through.
   */
  private static final class HeldBackRenewals {
    final AtomicBoolean heldBack = new AtomicBoolean();
    final AtomicInteger renewalCalls = new AtomicInteger();
    final AtomicInteger appliedRenewals = new AtomicInteger();
    final AtomicInteger renewalsInProgress = new AtomicInteger();
    final AtomicLong lastAppliedRenewalStartedNanos = new AtomicLong();
    final AtomicLong lastAppliedRenewalCompletedNanos = new AtomicLong();

    void holdBack() {
      heldBack.set(true);
    }

    LeaseStore wrap(LeaseStore real) {
      return new LeaseStore() {
        @Override
        public CompletionStage<LeaseWrite> insertIfAbsent(String name, String owner, int ttlSeconds, Duration timeout) {
          return real.insertIfAbsent(name, owner, ttlSeconds, timeout);
        }

        @Override
        public CompletionStage<LeaseWrite> renew(String name, String owner, int ttlSeconds, Duration timeout) {
          renewalCalls.incrementAndGet();
          // Counted before the check, so that a renewal that passes it is always seen as in progress.
          renewalsInProgress.incrementAndGet();
          if (heldBack.get()) {
            renewalsInProgress.decrementAndGet();
            return new CompletableFuture<>();
          }
          long started = System.nanoTime();
          return real.renew(name, owner, ttlSeconds, timeout)
              .whenComplete(
                  (write, error) -> {
                    if (write != null && write.applied()) {
                      lastAppliedRenewalStartedNanos.set(started);
                      lastAppliedRenewalCompletedNanos.set(System.nanoTime());
                      appliedRenewals.incrementAndGet();
                    }
                    renewalsInProgress.decrementAndGet();
                  });
        }

        @Override
        public CompletionStage<LeaseWrite> deleteIfOwner(String name, String owner, Duration timeout) {
          return real.deleteIfOwner(name, owner, timeout);
        }
      };
    }
  }
}
