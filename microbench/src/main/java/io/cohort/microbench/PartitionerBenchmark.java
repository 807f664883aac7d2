package io.cohort.microbench;

import io.cohort.partitioning.Partitioner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Key hashing with {@link Partitioner#partitionOf}, the first step of every request on the node that receives it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PartitionerBenchmark {
  /** Maximum key length the HTTP API accepts by default (cohort.limits.max-key-bytes). */
  private static final int MAX_KEY_BYTES = 1024;

  private Partitioner partitioner;
  private String shortKey;
  private String longKey;

  @Setup
  public void setUp() {
    partitioner = new Partitioner(256);
    shortKey = SampleData.key(12345);
    longKey = SampleData.longKey(MAX_KEY_BYTES, 7);
  }

  @Benchmark
  public int partitionOfShortKey() {
    return partitioner.partitionOf(shortKey);
  }

  @Benchmark
  public int partitionOf1KiBKey() {
    return partitioner.partitionOf(longKey);
  }
}
