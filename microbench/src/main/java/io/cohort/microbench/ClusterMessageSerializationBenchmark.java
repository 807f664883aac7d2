package io.cohort.microbench;

import io.cohort.core.partition.PartitionCommand;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.Precondition;
import io.cohort.core.serialization.KryoSerializer;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Encoding and decoding of a write request and of a read reply with the serializer that Pekko picks for
 * them, {@link KryoSerializer}. The reply address is an actor of this local system, so its string form lacks
 * the {@code @host:port} part that a cluster node's has (15 characters for {@code @127.0.0.1:2551}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClusterMessageSerializationBenchmark {
  private ActorSystem<Void> system;
  private Serializer serializer;
  private PartitionCommand.Put put;
  private PartitionReply.Found found;
  private byte[] putBytes;
  private byte[] foundBytes;

  @Setup(Level.Trial)
  public void setUp() {
    system = BenchmarkActorSystem.start("microbench");
    ActorRef<PartitionReply> replyTo = system.systemActorOf(Behaviors.ignore(), "reply-sink", Props.empty());
    put = new PartitionCommand.Put(SampleData.key(12345), SampleData.record(1), Precondition.NONE, replyTo);
    found = new PartitionReply.Found(SampleData.key(12345), SampleData.record(1), 42);

    Serialization serialization = BenchmarkActorSystem.serialization(system);
    serializer = serialization.findSerializerFor(put);
    boolean bothKryo = serializer instanceof KryoSerializer
        && serialization.findSerializerFor(found) instanceof KryoSerializer;
    if (!bothKryo) {
      throw new IllegalStateException("expected Pekko to bind PartitionCommand and PartitionReply to "
          + "KryoSerializer, got " + serializer.getClass().getName() + "; check pekko-defaults.conf");
    }
    putBytes = serializer.toBinary(put);
    foundBytes = serializer.toBinary(found);

    PartitionCommand.Put decoded = (PartitionCommand.Put) serializer.fromBinary(putBytes);
    if (!decoded.key().equals(put.key()) || !decoded.replyTo().equals(replyTo)) {
      throw new IllegalStateException("Put did not survive a Kryo round trip: " + decoded);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    BenchmarkActorSystem.stop(system);
  }

  @Benchmark
  public byte[] putToBinary() {
    return serializer.toBinary(put);
  }

  @Benchmark
  public Object putFromBinary() {
    return serializer.fromBinary(putBytes);
  }

  @Benchmark
  public byte[] foundToBinary() {
    return serializer.toBinary(found);
  }

  @Benchmark
  public Object foundFromBinary() {
    return serializer.fromBinary(foundBytes);
  }
}
