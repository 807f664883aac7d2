package io.cohort.bench;

import java.util.Properties;
import site.ycsb.DBException;

/** Parsers for binding properties that reject an invalid value with a DBException naming the property. */
public final class BindingProperties {

  /** A {@code host:port} endpoint. IPv6 hosts are written in brackets, such as {@code [::1]:6379}. */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  private BindingProperties() {}

  /**
   * Parses an integer property, applying {@code defaultValue} when it is absent.
   *
   * @throws DBException if the value is not an integer from {@code min} to {@code max}
   */
  public static int parseInt(Properties properties, String name, String defaultValue, int min, int max)
      throws DBException {
    String text = properties.getProperty(name, defaultValue).trim();
    String expected = "expected an integer from " + min + " to " + max;
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DBException("invalid " + name + " '" + text + "': " + expected);
    }
    if (value < min || value > max) {
      throw new DBException("invalid " + name + " '" + value + "': " + expected);
    }
    return value;
  }

  /**
   * Parses a {@code host:port} property, applying {@code defaultValue} when it is absent.
   *
   * @throws DBException if the host is empty or the port is not an integer from 1 to 65535
   */
  public static HostPort parseHostPort(Properties properties, String name, String defaultValue)
      throws DBException {
    String text = properties.getProperty(name, defaultValue).trim();
    String expected = "expected host:port with a port from 1 to 65535, such as " + defaultValue;
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new DBException("invalid " + name + " '" + text + "': " + expected);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new DBException("invalid " + name + " '" + text + "': " + expected);
    }
    if (host.isBlank() || port < 1 || port > 65535) {
      throw new DBException("invalid " + name + " '" + text + "': " + expected);
    }
    return new HostPort(host, port);
  }
}
