/**
 * Scale-out on Kafka (docs/scale-out.md): the {@code kafka} source, with which collectors consume events from a
 * topic as one consumer group, and the {@code kafka} forwarder, with which agents produce their events to it. The
 * record value is the theia wire encoding of one event (docs/formats.md section 2), so any Kafka client can read
 * and write the topic.
 */
package io.theia.kafka;
