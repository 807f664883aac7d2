package io.cohort.core.partition;

import io.cohort.microbench.SampleData;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The partition entity's in-memory steps: applying a write's event, and copying the state for a snapshot.
 * This class sits in {@code io.cohort.core.partition} because both methods are package-private.
 *
 * <p>The state contains 10,000 keys with 1.1 KB values, about 11 MB, which is more than the default partition
 * cap of 8 MiB. Neither step copies value bytes, so their cost depends on the key count, not the value size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PartitionStateBenchmark {
  private static final int KEY_COUNT = 10_000;

  private PartitionState state;
  private PartitionEvent.ValuePut[] updates;
  private int nextUpdate;

  @Setup(Level.Trial)
  public void setUp() {
    state = new PartitionState();
    updates = new PartitionEvent.ValuePut[KEY_COUNT];
    for (int i = 0; i < KEY_COUNT; i++) {
      state.apply(new PartitionEvent.ValuePut(SampleData.key(i), SampleData.record(i), i + 1, 0));
      updates[i] = new PartitionEvent.ValuePut(SampleData.key(i), SampleData.record(KEY_COUNT + i), KEY_COUNT + i + 1, 0);
    }
    if (state.size() != KEY_COUNT) {
      throw new IllegalStateException("expected " + KEY_COUNT + " keys in the state, got " + state.size());
    }
  }

  /** Applies an update of an existing key, cycling through all keys, so the state keeps 10,000 keys. */
  @Benchmark
  public PartitionState applyValuePut() {
    PartitionEvent.ValuePut update = updates[nextUpdate];
    nextUpdate = nextUpdate + 1 == KEY_COUNT ? 0 : nextUpdate + 1;
    return state.apply(update);
  }

  @Benchmark
  public PartitionSnapshot toSnapshot() {
    return state.toSnapshot();
  }
}
