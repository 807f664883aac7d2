package io.cohort.microbench;

import io.cohort.core.partition.PartitionEvent;
import java.io.NotSerializableException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
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
 * Encoding and decoding of the event of one write with the serializer that Pekko picks for journal events,
 * Pekko's Jackson CBOR serializer ({@code jackson-cbor}), as the journal does on write and on recovery.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalEventSerializationBenchmark {
  private ActorSystem<Void> system;
  private SerializerWithStringManifest serializer;
  private PartitionEvent.ValuePut event;
  private String manifest;
  private byte[] eventBytes;

  @Setup(Level.Trial)
  public void setUp() throws NotSerializableException {
    system = BenchmarkActorSystem.start("microbench");
    event = new PartitionEvent.ValuePut(SampleData.key(12345), SampleData.record(1), 42, 0);

    Serialization serialization = BenchmarkActorSystem.serialization(system);
    if (!(serialization.findSerializerFor(event) instanceof JacksonCborSerializer cbor)) {
      throw new IllegalStateException("expected Pekko to bind PartitionEvent to jackson-cbor, got "
          + serialization.findSerializerFor(event).getClass().getName() + "; check pekko-defaults.conf");
    }
    serializer = cbor;
    manifest = serializer.manifest(event);
    eventBytes = serializer.toBinary(event);

    PartitionEvent.ValuePut decoded = (PartitionEvent.ValuePut) serializer.fromBinary(eventBytes, manifest);
    if (!decoded.key().equals(event.key()) || !Arrays.equals(decoded.value(), event.value())) {
      throw new IllegalStateException("ValuePut did not survive a CBOR round trip: " + decoded);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    BenchmarkActorSystem.stop(system);
  }

  @Benchmark
  public byte[] valuePutToBinary() {
    return serializer.toBinary(event);
  }

  @Benchmark
  public Object valuePutFromBinary() throws NotSerializableException {
    return serializer.fromBinary(eventBytes, manifest);
  }
}
