package io.theia.kafka;

import java.nio.file.Path;

/**
 * A {@link KafkaBroker} as its own process, for {@link ChildJvm}, so that its CPU time can be told apart:
 * {@code BrokerMain <directory> <topic> <partitions>} starts the broker, creates the topic, prints
 * {@code READY bootstrap=<servers>} and runs until its standard input ends.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(Path.of(args[0]))) {
            broker.createTopic(args[1], Integer.parseInt(args[2]));
            System.out.println("READY bootstrap=" + broker.bootstrapServers());
            System.out.flush();
            ChildJvm.awaitEndOfInput();
        }
        System.exit(0);
    }
}
