package dev.eventual.processor;

import dev.eventual.broker.BrokerConnection;
import dev.eventual.config.Settings;
import dev.eventual.metrics.Metrics;
import dev.eventual.metrics.PartitionActivity;

import java.util.function.IntSupplier;

/**
 * One processor instance as each of its partitions sees it: its id, its broker connection, how it decides a batch
 * and drives sagas on, what it tells, and where it stands against its fair share ({@code active}: how many
 * partitions it is active on now).
 */
record Instance(String id, Settings settings, BrokerConnection broker, BatchDecider decider, SagaDriver sagas,
                Metrics metrics, PartitionActivity activity, Membership membership, IntSupplier active) {

  /** At its fair share or above while another instance is below theirs: a partition handed to it is handed on. */
  boolean atShareWhileAnotherIsBelow() {
    return active.getAsInt() >= membership.myShare() && membership.someoneBelowShare();
  }
}
