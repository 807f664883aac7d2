package io.cohort.core.cluster;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.DowningProvider;
import scala.Option;
import scala.concurrent.duration.FiniteDuration;

/**
 * Cohort's downing provider, {@code pekko.cluster.downing-provider-class = "io.cohort.core.cluster.CohortDowningProvider"},
 * with its settings under {@code cohort.downing}. It keeps Pekko's keep-majority rule, decides on a short tick
 * rather than once a second, and removes one member of a pair with a one-way cut instead of both
 * ({@link DowningDecision}).
 */
public final class CohortDowningProvider extends DowningProvider {
  private final ActorSystem system;
  private final Duration stableAfter;
  private final Duration tick;

  public CohortDowningProvider(ActorSystem system) {
    this.system = system;
    Config config = system.settings().config().getConfig("cohort.downing");
    this.stableAfter = config.getDuration("stable-after");
    this.tick = config.getDuration("tick");
  }

  /** Pekko's removal margin when set, else stable-after, as with Pekko's own resolver. */
  @Override
  public FiniteDuration downRemovalMargin() {
    FiniteDuration margin = Cluster.get(system).settings().DownRemovalMargin();
    return margin.length() > 0 ? margin : FiniteDuration.fromNanos(stableAfter.toNanos());
  }

  @Override
  public Option<Props> downingActorProps() {
    return Option.apply(DowningActor.props(stableAfter, tick));
  }
}
