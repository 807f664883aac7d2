package io.cohort.core.namespace;

import io.cohort.config.namespace.NamespaceRules;
import io.cohort.core.namespace.RegistryCommand.Change;
import io.cohort.core.namespace.RegistryCommand.Create;
import io.cohort.core.namespace.RegistryCommand.GetTable;
import io.cohort.core.namespace.RegistryCommand.Remove;
import io.cohort.core.namespace.RegistryEvent.NamespaceChanged;
import io.cohort.core.namespace.RegistryEvent.NamespaceCreated;
import io.cohort.core.namespace.RegistryEvent.NamespaceRemoved;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * The namespace registry: the cluster's one source of namespace settings, run as a cluster singleton. It is
 * event-sourced in a journal whose writes and recovery use QUORUM, so a change it acknowledged survives the
 * loss of its node and of a minority of Cassandra replicas. The standby that takes over the singleton
 * recovers every change. After each change and after recovery it publishes the whole {@link NamespaceTable}
 * on {@link #TOPIC}, where every node's {@link NamespaceDirectory} listens.
 *
 * <p>Creation is decided here, one command at a time, so of two concurrent creates of one name exactly one
 * succeeds.
 */
public final class NamespaceRegistry extends EventSourcedBehavior<RegistryCommand, RegistryEvent, RegistryState> {
  public static final PersistenceId PERSISTENCE_ID = PersistenceId.ofUniqueId("cohort-namespace-registry");
  /** Name of the topic the registry publishes its table on. */
  public static final String TOPIC = "cohort-namespaces";

  private final ActorContext<RegistryCommand> context;
  private final ActorRef<Topic.Command<NamespaceTable>> topic;
  private final NamespaceRules rules;
  private final String journalPluginId;
  private final String snapshotPluginId;

  public static Behavior<RegistryCommand> create(NamespaceRules rules, String journalPluginId,
      String snapshotPluginId) {
    return Behaviors.setup(context -> new NamespaceRegistry(context, rules, journalPluginId, snapshotPluginId));
  }

  private NamespaceRegistry(ActorContext<RegistryCommand> context, NamespaceRules rules, String journalPluginId,
      String snapshotPluginId) {
    super(PERSISTENCE_ID, SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.rules = rules;
    this.journalPluginId = journalPluginId;
    this.snapshotPluginId = snapshotPluginId;
    this.topic = context.spawn(Topic.create(NamespaceTable.class, TOPIC), "topic");
  }

  @Override
  public String journalPluginId() {
    return journalPluginId;
  }

  @Override
  public String snapshotPluginId() {
    return snapshotPluginId;
  }

  @Override
  public RegistryState emptyState() {
    return RegistryState.EMPTY;
  }

  @Override
  public CommandHandler<RegistryCommand, RegistryEvent, RegistryState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Change.class, this::onChange)
        .onCommand(Remove.class, this::onRemove)
        .onCommand(GetTable.class, (state, get) -> Effect().reply(get.replyTo(), state.table()))
        .build();
  }

  private Effect<RegistryEvent, RegistryState> onCreate(RegistryState state, Create create) {
    Optional<Namespace> existing = state.find(create.spec().name());
    if (existing.isPresent()) {
      return Effect().reply(create.replyTo(), new RegistryReply.AlreadyExists(existing.get()));
    }
    Namespace created = new Namespace(create.spec(), state.revision() + 1);
    return Effect().persist(new NamespaceCreated(created))
        .thenRun(this::publish)
        .thenReply(create.replyTo(), updated -> new RegistryReply.Created(created));
  }

  private Effect<RegistryEvent, RegistryState> onChange(RegistryState state, Change change) {
    Optional<Namespace> current = state.find(change.name());
    if (current.isEmpty()) {
      return Effect().reply(change.replyTo(), new RegistryReply.Unknown(change.name(), state.names()));
    }
    NamespaceRules.Checked checked = rules.change(current.get().spec(), change.change());
    if (checked.spec().isEmpty()) {
      return Effect().reply(change.replyTo(),
          new RegistryReply.Rejected(change.name(), new ArrayList<>(checked.errors())));
    }
    Namespace changed = new Namespace(checked.spec().get(), current.get().generation());
    if (changed.equals(current.get())) {
      return Effect().reply(change.replyTo(), new RegistryReply.Changed(changed));
    }
    return Effect().persist(new NamespaceChanged(changed))
        .thenRun(this::publish)
        .thenReply(change.replyTo(), updated -> new RegistryReply.Changed(changed));
  }

  private Effect<RegistryEvent, RegistryState> onRemove(RegistryState state, Remove remove) {
    Optional<Namespace> current = state.find(remove.name()).filter(ns -> ns.generation() == remove.generation());
    if (current.isEmpty()) {
      return Effect().reply(remove.replyTo(), new RegistryReply.Unknown(remove.name(), state.names()));
    }
    return Effect().persist(new NamespaceRemoved(remove.name(), remove.generation()))
        .thenRun(this::publish)
        .thenReply(remove.replyTo(), updated -> new RegistryReply.Removed(current.get()));
  }

  private void publish(RegistryState state) {
    topic.tell(Topic.publish(state.table()));
  }

  @Override
  public EventHandler<RegistryState, RegistryEvent> eventHandler() {
    return RegistryState::apply;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public SignalHandler<RegistryState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          context.getLog().info("namespace registry: recovered [{}] namespaces at revision [{}]",
              state.namespaces().size(), state.revision());
          publish(state);
        })
        .build();
  }
}
