package io.cohort.chaos.harness;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops packets between loopback addresses with nftables, to cut the network between chosen nodes. Nodes
 * bind both their listening and their outgoing cluster connections to their own 127.0.0.x address, so a
 * rule on the source and destination address cuts exactly one direction of one link.
 *
 * <p>All rules live in one nftables table of their own, which {@link #close()} deletes, so a failed test
 * leaves no rule behind. Needs root (CAP_NET_ADMIN) and the {@code nft} command.
 */
public final class NetworkFaults implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetworkFaults.class);
  static final String TABLE = "cohort_chaos";

  private boolean tableCreated;

  /** Drops every packet from {@code from} to {@code to}; the reverse direction keeps working. */
  public void cutOneWay(String from, String to) {
    ensureTable();
    nft("add", "rule", "inet", TABLE, "output", "ip", "saddr", loopback(from), "ip", "daddr", loopback(to), "drop");
    log.info("network: cut {} -> {}", from, to);
  }

  /** Cuts both directions between every address of {@code sideA} and every address of {@code sideB}. */
  public void partition(Collection<String> sideA, Collection<String> sideB) {
    for (String a : sideA) {
      for (String b : sideB) {
        cutOneWay(a, b);
        cutOneWay(b, a);
      }
    }
  }

  /** Removes every rule; traffic flows again. */
  public void healAll() {
    if (tableCreated) {
      nft("flush", "chain", "inet", TABLE, "output");
      log.info("network: healed, all cuts removed");
    }
  }

  @Override
  public void close() {
    if (tableCreated) {
      nft("delete", "table", "inet", TABLE);
      tableCreated = false;
    }
  }

  private void ensureTable() {
    if (tableCreated) {
      return;
    }
    // A table left by a crashed earlier run would keep its rules, so start from a clean one.
    runQuietly("delete", "table", "inet", TABLE);
    nft("add", "table", "inet", TABLE);
    nft("add", "chain", "inet", TABLE, "output", "{ type filter hook output priority 0 ; }");
    tableCreated = true;
  }

  private static String loopback(String address) {
    if (!address.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      throw new IllegalArgumentException(address + " is not a loopback address; faults target 127.0.0.x only");
    }
    return address;
  }

  private static void nft(String... arguments) {
    Result result = run(arguments);
    if (result.exitCode != 0) {
      throw new IllegalStateException("nft " + String.join(" ", arguments) + " failed with exit code "
          + result.exitCode + ": " + result.output + " (tests with network faults need root and nftables)");
    }
  }

  private static void runQuietly(String... arguments) {
    run(arguments);
  }

  private record Result(int exitCode, String output) {}

  private static Result run(String... arguments) {
    List<String> command = new ArrayList<>();
    command.add("nft");
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after 10 s");
      }
      return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes()).trim());
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}
