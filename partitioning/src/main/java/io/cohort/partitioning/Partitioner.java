package io.cohort.partitioning;

import java.nio.charset.StandardCharsets;

/**
 * Maps keys to partitions: MurmurHash3 x86_32 with seed {@link #SEED} over the key's UTF-8 bytes, taken as an
 * unsigned 32-bit number modulo the partition count.
 *
 * <p>The mapping is part of the stored data's format: a key written under one mapping is not found under
 * another, so the hash, the seed and the reduction must never change. {@code PartitionerGoldenTest} pins them.
 */
public final class Partitioner {
  /** Hash seed; fixed forever, see the class comment. */
  public static final int SEED = 0x436f6872; // "Cohr"

  private final int partitionCount;

  public Partitioner(int partitionCount) {
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partition count must be at least 1, was " + partitionCount);
    }
    this.partitionCount = partitionCount;
  }

  public int partitionCount() {
    return partitionCount;
  }

  public int partitionOf(String key) {
    int hash = murmur3x86_32(key.getBytes(StandardCharsets.UTF_8), SEED);
    return (int) (Integer.toUnsignedLong(hash) % partitionCount);
  }

  /** MurmurHash3 x86_32 as published by Austin Appleby (public domain), over {@code data} with {@code seed}. */
  static int murmur3x86_32(byte[] data, int seed) {
    final int c1 = 0xcc9e2d51;
    final int c2 = 0x1b873593;
    int h1 = seed;
    int blocks = data.length / 4;

    for (int i = 0; i < blocks; i++) {
      int offset = i * 4;
      int k1 = (data[offset] & 0xff)
          | (data[offset + 1] & 0xff) << 8
          | (data[offset + 2] & 0xff) << 16
          | (data[offset + 3] & 0xff) << 24;
      k1 *= c1;
      k1 = Integer.rotateLeft(k1, 15);
      k1 *= c2;
      h1 ^= k1;
      h1 = Integer.rotateLeft(h1, 13);
      h1 = h1 * 5 + 0xe6546b64;
    }

    int tail = blocks * 4;
    int k1 = 0;
    switch (data.length & 3) {
      case 3:
        k1 ^= (data[tail + 2] & 0xff) << 16;
        // fall through
      case 2:
        k1 ^= (data[tail + 1] & 0xff) << 8;
        // fall through
      case 1:
        k1 ^= data[tail] & 0xff;
        k1 *= c1;
        k1 = Integer.rotateLeft(k1, 15);
        k1 *= c2;
        h1 ^= k1;
        break;
      default:
        break;
    }

    h1 ^= data.length;
    h1 ^= h1 >>> 16;
    h1 *= 0x85ebca6b;
    h1 ^= h1 >>> 13;
    h1 *= 0xc2b2ae35;
    h1 ^= h1 >>> 16;
    return h1;
  }
}
