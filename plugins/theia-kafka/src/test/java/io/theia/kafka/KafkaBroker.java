package io.theia.kafka;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in the test JVM: one combined KRaft node (broker and controller) from Kafka's own test kit,
 * on 127.0.0.1 with free ports and its logs in a temporary directory.
 */
final class KafkaBroker implements AutoCloseable {

    private static final String LISTENER = "EXTERNAL";

    private final KafkaClusterTestKit cluster;
    private final Admin admin;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = cluster.admin();
    }

    /** Formats and starts a broker in a directory of {@code parent}. */
    static KafkaBroker start(Path parent) throws Exception {
        return start(parent, null);
    }

    /**
     * Formats and starts a broker in a directory of {@code parent} that clients reach through a proxy: the broker
     * advertises the proxy's port, so that every connection, not only the first, goes through it.
     */
    static KafkaBroker start(Path parent, TcpProxy proxy) throws Exception {
        TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBaseDirectory(parent)
                .setBrokerListenerName(new ListenerName(LISTENER));
        if (proxy != null) {
            nodes.setPerServerProperties(Map.of(0, Map.of("advertised.listeners",
                    LISTENER + "://127.0.0.1:" + proxy.port())));
        }
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        try {
            cluster.format();
            cluster.startup();
            if (proxy != null) {
                proxy.target(cluster.bootstrapServers().replaceFirst("^.*://", "").split(",")[0]);
            }
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new KafkaBroker(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Stops the broker (the node's broker half; its controller runs on), as a broker that goes down. */
    void stopBroker() {
        cluster.brokers().values().forEach(broker -> broker.shutdown());
    }

    /** Starts the stopped broker again, on the same port and log directory. */
    void restartBroker() {
        cluster.brokers().values().forEach(broker -> broker.startup());
    }

    void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }

    /** The committed offsets of a group, by partition; empty when it committed none. */
    Map<TopicPartition, Long> committed(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                result.put(partition, offset.offset());
            }
        });
        return result;
    }

    /** The sum of a group's committed offsets over all partitions. */
    long committedTotal(String groupId) throws Exception {
        return committed(groupId).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Produces raw record values to a partition, acknowledged before this returns. */
    void produce(String topic, int partition, List<byte[]> values) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers());
        properties.put("acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws Exception {
        admin.close();
        cluster.close();
    }
}
