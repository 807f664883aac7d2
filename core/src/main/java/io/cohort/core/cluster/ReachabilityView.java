package io.cohort.core.cluster;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Reachability;
import org.apache.pekko.cluster.UniqueAddress;
import scala.jdk.javaapi.CollectionConverters;

/**
 * This node's copy of the gossiped reachability table: which member reported which other member
 * unreachable. A cluster event subscription keeps it current; it starts empty and fills at the first change
 * after the subscription, so start it early with {@link #get}.
 */
public final class ReachabilityView implements Extension {
  private static final Id ID = new Id();

  private volatile Reachability table = Reachability.empty();

  private ReachabilityView() {}

  /** Returns the view of a clustered actor system, subscribing it on first use. */
  public static ReachabilityView get(org.apache.pekko.actor.ActorSystem system) {
    return ID.get(system);
  }

  Reachability table() {
    return table;
  }

  /** Returns the members that {@code subject} is reported unreachable by, empty when none reports it. */
  Set<UniqueAddress> observersOf(UniqueAddress subject) {
    Set<UniqueAddress> observers = new HashSet<>();
    if (table.isAllReachable()) {
      // The common case, checked on every partition request: no report, so no map to build.
      return observers;
    }
    var grouped = table.observersGroupedByUnreachable();
    if (grouped.contains(subject)) {
      observers.addAll(CollectionConverters.asJava(grouped.apply(subject)));
    }
    return observers;
  }

  private static final class Id extends AbstractExtensionId<ReachabilityView> {
    @Override
    public ReachabilityView createExtension(ExtendedActorSystem system) {
      ReachabilityView view = new ReachabilityView();
      system.systemActorOf(Props.create(Listener.class, () -> new Listener(view)), "cohort-reachability-view");
      return view;
    }
  }

  private static final class Listener extends AbstractActor {
    private final ReachabilityView view;
    private final Cluster cluster = Cluster.get(getContext().getSystem());

    Listener(ReachabilityView view) {
      this.view = view;
    }

    @Override
    public void preStart() {
      cluster.subscribe(getSelf(), ClusterEvent.initialStateAsEvents(), ClusterEvent.ReachabilityChanged.class);
    }

    @Override
    public void postStop() {
      cluster.unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(ClusterEvent.ReachabilityChanged.class, changed -> view.table = changed.reachability())
          .build();
    }
  }
}
