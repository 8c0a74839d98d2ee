package dev.eventual.support;

import java.util.concurrent.TimeUnit;

/** A RabbitMQ node of a test's own (rabbitmq/node.sh), to stop, restart and kill without touching the shared one. */
public final class PrivateBroker implements AutoCloseable {
  public final int port;

  private PrivateBroker(int port) {
    this.port = port;
  }

  public static PrivateBroker start(int port) throws Exception {
    PrivateBroker broker = new PrivateBroker(port);
    broker.run("stop");
    broker.run("start");
    return broker;
  }

  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  /** Its stream protocol's port (rabbitmq/node.sh puts it 120 below the AMQP port, clear of the shared 5552). */
  public int streamPort() {
    return port - 120;
  }

  public void stopApp() throws Exception {
    run("stop_app");
  }

  public void startApp() throws Exception {
    run("start_app");
  }

  /** kill -9 of the broker's VM, then a fresh start on the same data. */
  public void kill() throws Exception {
    run("kill");
  }

  public void restartAfterKill() throws Exception {
    run("start");
  }

  /** Sets off (or clears) a memory alarm: the broker then blocks every connection that publishes. */
  public void memoryAlarm(boolean on) throws Exception {
    run("ctl", "set_vm_memory_high_watermark", on ? "0.000001" : "0.4");
  }

  /** Runs a command as if this node were the machine's broker ({@code rabbitmq/node.sh run}); its output, or a failure. */
  public String asTheBroker(String... command) throws Exception {
    return run("run", command);
  }

  private String run(String action, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("rabbitmq/node.sh", action, String.valueOf(port)));
    command.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || (p.exitValue() != 0 && !action.equals("stop"))) {
      throw new IllegalStateException("rabbitmq/node.sh " + action + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    run("stop");
  }
}
