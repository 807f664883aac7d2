package io.cohort.core.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;

/**
 * Pekko serializer for {@link ClusterMessage}s, built on Kryo 5 with registration required: only the classes
 * in {@link KryoRegistrations} can be written, each under its fixed id, so two nodes always agree on what an
 * id means and an unlisted class fails loudly at the sender.
 *
 * <p>Typed {@code ActorRef}s (reply addresses) are written as Pekko's serialization format string. Their
 * runtime classes are internal to Pekko, so the class resolver maps every implementation to one id.
 */
public final class KryoSerializer extends JSerializer {
  /** Pekko serializer id; must be unique among the system's serializers and stable across releases. */
  public static final int IDENTIFIER = 730_001;

  private final ExtendedActorSystem system;
  private volatile ActorRefResolver resolver;
  private final Pool<Kryo> pool = new Pool<>(true, false, 64) {
    @Override
    protected Kryo create() {
      return newKryo();
    }
  };

  public KryoSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object message) {
    Kryo kryo = pool.obtain();
    try (Output output = new Output(256, -1)) {
      kryo.writeClassAndObject(output, message);
      return output.toBytes();
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    Kryo kryo = pool.obtain();
    try (Input input = new Input(bytes)) {
      return kryo.readClassAndObject(input);
    } finally {
      pool.free(kryo);
    }
  }

  private Kryo newKryo() {
    Kryo kryo = new Kryo(new ActorRefAwareClassResolver(), null);
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.register(ActorRef.class, new ActorRefSerializer(), KryoRegistrations.ACTOR_REF_ID);
    for (KryoRegistrations.Registration registration : KryoRegistrations.ALL) {
      kryo.register(registration.type(), registration.id());
    }
    return kryo;
  }

  private ActorRefResolver resolver() {
    ActorRefResolver current = resolver;
    if (current == null) {
      current = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = current;
    }
    return current;
  }

  private final class ActorRefSerializer extends Serializer<ActorRef<?>> {
    @Override
    public void write(Kryo kryo, Output output, ActorRef<?> ref) {
      output.writeString(resolver().toSerializationFormat(ref));
    }

    @Override
    public ActorRef<?> read(Kryo kryo, Input input, Class<? extends ActorRef<?>> type) {
      return resolver().resolveActorRef(input.readString());
    }
  }

  /** Resolves every typed {@code ActorRef} implementation class to the one {@code ActorRef} registration. */
  private static final class ActorRefAwareClassResolver extends DefaultClassResolver {
    @Override
    public Registration getRegistration(Class type) {
      Registration registration = super.getRegistration(type);
      if (registration == null && type != null && ActorRef.class.isAssignableFrom(type)) {
        return super.getRegistration(ActorRef.class);
      }
      return registration;
    }
  }
}
