package io.cohort.persistence;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Evenly spaced Murmur3 tokens for the nodes of a local cluster, given to each node as its initial_token.
 *
 * <p>The ring of Murmur3Partitioner, -2^63 to 2^63-1, is cut into {@code size * tokensPerNode} equal
 * ranges. Node {@code index} takes the middle of range {@code k * size + index} for each k, so the nodes
 * alternate around the ring and each owns the same share. The tokens depend only on index and size, so
 * no node has to learn the others' tokens before it picks its own.
 */
final class InitialTokens {
  private static final BigInteger RING_SIZE = BigInteger.TWO.pow(64);
  private static final BigInteger MIN_TOKEN = BigInteger.valueOf(Long.MIN_VALUE);

  private InitialTokens() {}

  /** Returns the tokens of node {@code index} (0-based) of {@code size} nodes, in ascending order. */
  static List<Long> forNode(int index, int size, int tokensPerNode) {
    if (size < 1 || tokensPerNode < 1) {
      throw new IllegalArgumentException(
          "size = " + size + " and tokensPerNode = " + tokensPerNode + " must both be at least 1");
    }
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index = " + index + " is out of range; allowed: 0 to " + (size - 1));
    }
    BigInteger rangeWidth = RING_SIZE.divide(BigInteger.valueOf((long) size * tokensPerNode));
    BigInteger halfRange = rangeWidth.shiftRight(1);
    List<Long> tokens = new ArrayList<>(tokensPerNode);
    for (int k = 0; k < tokensPerNode; k++) {
      BigInteger range = BigInteger.valueOf((long) k * size + index);
      tokens.add(MIN_TOKEN.add(rangeWidth.multiply(range)).add(halfRange).longValueExact());
    }
    return tokens;
  }

  /** Returns the tokens as Cassandra's initial_token setting expects them: decimal, comma-separated. */
  static String asSetting(List<Long> tokens) {
    return tokens.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
