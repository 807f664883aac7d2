package io.cohort.bench.suite;

import java.util.regex.Pattern;

/** Quotes a command-line argument for a POSIX shell, so that commands in the report can be pasted back. */
final class ShellQuote {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./=:,@%+-]+");

  private ShellQuote() {}

  static String quote(String argument) {
    if (SAFE.matcher(argument).matches()) {
      return argument;
    }
    return "'" + argument.replace("'", "'\"'\"'") + "'";
  }
}
