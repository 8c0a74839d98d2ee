package dev.eventual.broker;

/** The broker is unreachable or did not take a message: the caller may retry later. */
public final class BrokerUnavailable extends RuntimeException {
  public BrokerUnavailable(String message) {
    super(message, null, false, false);
  }
}
