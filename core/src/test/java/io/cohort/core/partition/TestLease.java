package io.cohort.core.partition;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.javadsl.Lease;

/** A lease that tests grant, invalidate and take away by hand; instances are looked up by lease name. */
public final class TestLease extends Lease {
  static final Map<String, TestLease> BY_NAME = new ConcurrentHashMap<>();
  /** Whether leases created from now on grant acquires; tests flip it before starting a partition. */
  static volatile boolean grantNewLeases = true;

  volatile boolean grant = grantNewLeases;
  volatile boolean valid = true;
  volatile boolean released;
  volatile int acquireCalls;
  private volatile Consumer<Optional<Throwable>> lostCallback = failure -> { };

  private final LeaseSettings settings;

  public TestLease(LeaseSettings settings) {
    this.settings = settings;
    BY_NAME.put(settings.leaseName(), this);
  }

  @Override
  public LeaseSettings getSettings() {
    return settings;
  }

  void loseLease() {
    valid = false;
    lostCallback.accept(Optional.empty());
  }

  @Override
  public CompletionStage<Boolean> acquire() {
    return acquire(failure -> { });
  }

  @Override
  public CompletionStage<Boolean> acquire(Consumer<Optional<Throwable>> leaseLostCallback) {
    acquireCalls++;
    lostCallback = leaseLostCallback;
    return CompletableFuture.completedFuture(grant);
  }

  @Override
  public CompletionStage<Boolean> release() {
    released = true;
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public boolean checkLease() {
    return grant && valid;
  }
}
