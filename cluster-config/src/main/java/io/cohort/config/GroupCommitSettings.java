package io.cohort.config;

import com.typesafe.config.Config;

/**
 * Limits of one group commit: the writes that reach a partition while its previous journal write is in flight
 * go to the journal together, at most {@code maxWrites} of them and {@code maxBytes} of keys and values. A write
 * larger than {@code maxBytes} goes alone. {@code maxWrites} of 1 turns batching off.
 */
public record GroupCommitSettings(int maxWrites, long maxBytes) {
  /** One write per journal write, as without group commit. */
  public static final GroupCommitSettings OFF = new GroupCommitSettings(1, 1);
  public static final GroupCommitSettings DEFAULT = new GroupCommitSettings(64, 32 * 1024);

  static GroupCommitSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.partitions.group-commit");
    return new GroupCommitSettings(
        values.intBetween("max-writes", 1, 256),
        values.bytesBetween("max-bytes", 1, 16 * 1024 * 1024));
  }
}
