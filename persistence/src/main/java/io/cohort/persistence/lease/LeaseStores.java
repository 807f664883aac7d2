package io.cohort.persistence.lease;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;

/**
 * The {@link CassandraLeaseStore}s of one actor system, one for each distinct {@link
 * CassandraLeaseSettings.StoreSettings}. Sharding creates one lease per shard, and all of them share a
 * store, its session and its prepared statements.
 */
final class LeaseStores implements Extension {
  static final Id ID = new Id();

  /**
   * Minimum time between two logged failure warnings across all leases of the system. A Cassandra outage
   * makes every shard's renewals and acquire retries fail at once.
   */
  private static final Duration FAILURE_WARNING_INTERVAL = Duration.ofSeconds(5);

  private final ExtendedActorSystem system;
  private final ConcurrentHashMap<CassandraLeaseSettings.StoreSettings, CassandraLeaseStore> stores =
      new ConcurrentHashMap<>();
  private final WarningLimiter failureWarnings = new WarningLimiter(FAILURE_WARNING_INTERVAL);

  static final class Id extends AbstractExtensionId<LeaseStores> {
    @Override
    public LeaseStores createExtension(ExtendedActorSystem system) {
      return new LeaseStores(system);
    }
  }

  private LeaseStores(ExtendedActorSystem system) {
    this.system = system;
  }

  CassandraLeaseStore storeFor(CassandraLeaseSettings.StoreSettings settings) {
    return stores.computeIfAbsent(settings, key -> new CassandraLeaseStore(system, key));
  }

  /** Rate limit of the warnings about failed lease operations, shared by all leases of the system. */
  WarningLimiter failureWarnings() {
    return failureWarnings;
  }
}
