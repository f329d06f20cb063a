package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.core.internal.security.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/theia} as docs/security.md sets it up: tokens made with {@code theia token create}, a collector with TLS
 * and the token file, an agent ({@code watch --secure}) and {@code query} with the test CA and their tokens; no
 * process ever logs a token. And the ORIGINAL Python watcher with {@code --secure} against a TLS collector, trusting
 * the test CA through {@code SSL_CERT_FILE} (skipped where the original is not there, see {@link OriginalTheia}).
 */
class SecurityIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("listening on wss://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @RegisterExtension
    final BinTheia theia = new BinTheia(() -> dir, "DEBUG", PATIENCE);

    @Test
    void anAgentAndQueryUseTlsAndTokensAndNoProcessLogsAToken() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir.resolve("tls"), "Theia Test CA");
        TestCertificates.Pair server = ca.server("collector");
        Path tokens = dir.resolve("tokens");
        String agentToken = createToken("agent-1", "ingest", tokens);
        String readerToken = createToken("reader", "query", tokens);
        Path agentTokenFile = dir.resolve("agent.token");
        Files.writeString(agentTokenFile, agentToken + "\n");

        ChildProcess collector = theia.start("collect", "-d", dir.resolve("data").toString(), "-P", "0",
                "--set", "security.tls.certificate=" + server.certificate(),
                "--set", "security.tls.key=" + server.key(), "--set", "security.tokenFile=" + tokens);
        int port = port(collector);
        Path log = dir.resolve("app.log");
        List<String> lines = IntStream.range(0, 50).mapToObj(i -> "secure line " + i).toList();
        Files.write(log, lines, StandardCharsets.UTF_8);

        ChildProcess agent = theia.start("watch", "-c", "127.0.0.1", "-p", Integer.toString(port), "--secure",
                "--ca", ca.caFile().toString(), "--token-file", agentTokenFile.toString(), "-f", log.toString(),
                "-t", "secure", "--from-beginning", "--set", "stateDir=" + dir.resolve("agent-state"));

        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            BinTheia.Result query = theia.run(Map.of("THEIA_TOKEN", readerToken), "query", "-P",
                    Integer.toString(port), "--ca", ca.caFile().toString(), "-t", "secure", "-F", "{content}");
            assertThat(query.exitCode()).as(String.join("\n", query.errors())).isZero();
            assertThat(query.output()).containsExactlyInAnyOrderElementsOf(lines);
        });
        BinTheia.Result simulated = theia.run(Map.of("THEIA_TOKEN", agentToken), "simulate", "-P",
                Integer.toString(port), "--ca", ca.caFile().toString(), "-n", "20", "-t", "simtls");
        assertThat(simulated.exitCode()).as(String.join("\n", simulated.errors())).isZero();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(
                theia.run(Map.of("THEIA_TOKEN", readerToken), "query", "-P", Integer.toString(port), "--ca",
                        ca.caFile().toString(), "-t", "simtls").output()).hasSize(20));
        BinTheia.Result wrongRole = theia.run(Map.of("THEIA_TOKEN", agentToken), "query", "-P",
                Integer.toString(port), "--ca", ca.caFile().toString(), "-t", "secure");
        BinTheia.Result plain = theia.run(Map.of("THEIA_TOKEN", readerToken), "query", "-P", Integer.toString(port),
                "-t", "secure", "--close-timeout", "2");
        agent.stop();
        collector.stop();

        assertThat(wrongRole.exitCode()).isNotZero();
        assertThat(String.join("\n", wrongRole.errors())).contains("403");
        assertThat(plain.exitCode()).as("plain ws:// against the TLS port").isNotZero();
        List<String> everything = new ArrayList<>();
        for (ChildProcess process : List.of(collector, agent)) {
            everything.addAll(process.output);
            everything.addAll(process.errors);
        }
        for (BinTheia.Result result : List.of(simulated, wrongRole, plain)) {
            everything.addAll(result.output());
            everything.addAll(result.errors());
        }
        String logs = String.join("\n", everything);
        assertThat(logs).contains("Refused /find to token 'agent-1'");
        assertThat(logs).doesNotContain(agentToken).doesNotContain(readerToken);
    }

    @Test
    void theOriginalWatcherWithSecureShipsToATlsCollectorTrustingTheTestCa() throws Exception {
        OriginalTheia original = OriginalTheia.locate();
        TestCertificates ca = TestCertificates.ca(dir.resolve("tls"), "Theia Test CA");
        TestCertificates.Pair server = ca.server("collector");
        ChildProcess collector = theia.start("collect", "-d", dir.resolve("data").toString(), "-P", "0",
                "--set", "security.tls.certificate=" + server.certificate(),
                "--set", "security.tls.key=" + server.key());
        int port = port(collector);
        Path log = dir.resolve("python.log");
        Files.writeString(log, "");
        theia.adopt(original.start(List.of("watch", "-c", "127.0.0.1", "-p", Integer.toString(port), "--secure",
                "-f", log.toString(), "-t", "pysecure"), Map.of("SSL_CERT_FILE", ca.caFile().toString())));

        int[] appended = {0};
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            // the original tails: it ships only what is appended after it started watching
            Files.writeString(log, "from python " + appended[0]++ + "\n", StandardOpenOption.APPEND);
            BinTheia.Result query = theia.run("query", "-P", Integer.toString(port), "--ca", ca.caFile().toString(),
                    "-t", "pysecure", "-F", "{content}");
            assertThat(query.exitCode()).as(String.join("\n", query.errors())).isZero();
            assertThat(query.output()).anyMatch(line -> line.startsWith("from python "));
        });
    }

    @Test
    void theCollectorBindsLoopbackByDefaultAndWarnsWhenItListensBeyondWithoutTokens() throws Exception {
        ChildProcess loopback = theia.start("collect", "-d", dir.resolve("data1").toString(), "-P", "0");
        String local = loopback.awaitOutput(l -> l.contains("theia collector listening on"), PATIENCE)
                .orElseThrow();
        loopback.stop();
        ChildProcess everywhere = theia.start("collect", "-d", dir.resolve("data2").toString(), "-H", "0.0.0.0",
                "-P", "0");
        String all = everywhere.awaitOutput(l -> l.contains("theia collector listening on"), PATIENCE).orElseThrow();
        Matcher port = Pattern.compile("port (\\d+)").matcher(all);
        assertThat(port.find()).as(all).isTrue();
        String health;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", Integer.parseInt(port.group(1)))) {
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            health = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        everywhere.stop();

        assertThat(local).contains("listening on ws://127.0.0.1:");
        assertThat(String.join("\n", loopback.errors)).doesNotContain("SECURITY");
        assertThat(all).contains("all addresses");
        assertThat(String.join("\n", everywhere.errors)).containsOnlyOnce("SECURITY: the collector listens on 0.0.0.0");
        assertThat(health).contains("\"auth\":\"none\"");
    }

    @Test
    void benchWithTlsMeasuresATlsCollectorItStarts() throws Exception {
        BinTheia.Result bench = theia.run("bench", "--tls", "--scenarios", "ingest", "--count", "2000");
        BinTheia.Result jdk = theia.run("bench", "--tls", "--tls-provider", "jdk", "--scenarios", "ingest", "--count",
                "2000");

        assertThat(bench.exitCode()).as(String.join("\n", bench.errors())).isZero();
        assertThat(bench.output()).anyMatch(line -> line.startsWith("ingest") && line.endsWith(", TLS (accp)"));
        assertThat(jdk.exitCode()).as(String.join("\n", jdk.errors())).isZero();
        assertThat(jdk.output()).anyMatch(line -> line.startsWith("ingest") && line.endsWith(", TLS (jdk)"));
    }

    @Test
    void whereAccpCannotLoadTheCollectorServesTlsWithTheJdkCiphersAndSaysSo() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir.resolve("tls"), "Theia Test CA");
        TestCertificates.Pair server = ca.server("collector");
        // ACCP told to skip its bundled native library and find none on the system: a platform it does not support
        Map<String, String> noAccp = Map.of("JAVA_OPTS", "-Dcom.amazon.corretto.crypto.provider.useExternalLib=true");
        ChildProcess fallback = theia.start(noAccp, "collect", "-d", dir.resolve("data1").toString(), "-P", "0",
                "--set", "security.tls.certificate=" + server.certificate(),
                "--set", "security.tls.key=" + server.key());
        ChildProcess accp = theia.start("collect", "-d", dir.resolve("data2").toString(), "-P", "0",
                "--set", "security.tls.certificate=" + server.certificate(),
                "--set", "security.tls.key=" + server.key());
        int fallbackPort = port(fallback);
        int accpPort = port(accp);

        for (int port : List.of(fallbackPort, accpPort)) {
            for (Map<String, String> client : List.of(noAccp, Map.of("THEIA_TLS_PROVIDER", "jdk"), Map.<String,
                    String>of())) {
                BinTheia.Result simulated = theia.run(client, "simulate", "-P", Integer.toString(port), "--ca",
                        ca.caFile().toString(), "-n", "5", "-t", "fallback");
                assertThat(simulated.exitCode()).as(String.join("\n", simulated.errors())).isZero();
            }
        }
        String fallbackHealth = health(fallbackPort, ca);
        String accpHealth = health(accpPort, ca);
        fallback.stop();
        accp.stop();

        assertThat(fallbackHealth).contains("\"tlsProvider\":\"jdk\"");
        assertThat(accpHealth).contains("\"tlsProvider\":\"accp\"");
        assertThat(fallback.errors).filteredOn(line -> line.contains("TLS provider accp cannot be used")).hasSize(1);
        assertThat(accp.errors).noneMatch(line -> line.contains("TLS provider accp cannot be used"));
    }

    /** The body of {@code GET /health} over TLS, trusting {@code ca}. */
    private static String health(int port, TestCertificates ca) throws Exception {
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(io.theia.core.internal.security.PemFiles.trustStore(ca.caFile()));
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        try (java.net.Socket socket = context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tokenCreateRefusesAnUnknownRoleAndADuplicateName() throws Exception {
        Path tokens = dir.resolve("tokens");
        createToken("a", "ingest,query", tokens);

        BinTheia.Result badRole = theia.run("token", "create", "b", "--roles", "ingest,root", "--file",
                tokens.toString());
        BinTheia.Result duplicate = theia.run("token", "create", "a", "--roles", "admin", "--file",
                tokens.toString());

        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(String.join("\n", badRole.errors())).contains("unknown role 'root'");
        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(String.join("\n", duplicate.errors())).contains("already has a token named 'a'");
        assertThat(Files.readAllLines(tokens)).filteredOn(line -> !line.startsWith("#")).hasSize(1)
                .allMatch(line -> line.matches("a ingest,query sha256:[0-9a-f]{64}"));
        assertThat(Files.getPosixFilePermissions(tokens)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    /** The TLS and token options of {@code query} apply to every collector of a multi-collector query. */
    @Test
    void aQueryOverTwoCollectorsUsesTheCaAndTheTokenForBoth() throws Exception {
        TestCertificates ca = TestCertificates.ca(dir.resolve("tls"), "Theia Test CA");
        TestCertificates.Pair server = ca.server("collector");
        Path tokens = dir.resolve("tokens");
        String agentToken = createToken("agent-1", "ingest", tokens);
        String readerToken = createToken("reader", "query", tokens);
        List<String> collectors = new ArrayList<>();
        for (String name : List.of("one", "two")) {
            ChildProcess collector = theia.start("collect", "-d", dir.resolve(name).toString(), "-P", "0",
                    "--set", "security.tls.certificate=" + server.certificate(),
                    "--set", "security.tls.key=" + server.key(), "--set", "security.tokenFile=" + tokens);
            int port = port(collector);
            collectors.add("127.0.0.1:" + port);
            BinTheia.Result simulated = theia.run(Map.of("THEIA_TOKEN", agentToken), "simulate", "-P",
                    Integer.toString(port), "--ca", ca.caFile().toString(), "-n", "10", "-t", "multi", "--content", "on " + name);
            assertThat(simulated.exitCode()).as(String.join("\n", simulated.errors())).isZero();
        }

        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            BinTheia.Result both = theia.run(Map.of("THEIA_TOKEN", readerToken), "query", "--collector",
                    String.join(",", collectors), "--ca", ca.caFile().toString(), "-t", "multi", "-F", "{content}");
            assertThat(both.exitCode()).as(String.join("\n", both.errors())).isZero();
            assertThat(both.output()).hasSize(20).containsOnly("on one", "on two").contains("on one", "on two");
        });
        BinTheia.Result wrongRole = theia.run(Map.of("THEIA_TOKEN", agentToken), "query", "--collector",
                String.join(",", collectors), "--ca", ca.caFile().toString(), "-t", "multi");
        assertThat(wrongRole.exitCode()).isEqualTo(1);
        assertThat(String.join("\n", wrongRole.errors())).contains(collectors.get(0));
    }

    private String createToken(String name, String roles, Path tokens) throws Exception {
        BinTheia.Result created = theia.run("token", "create", name, "--roles", roles, "--file", tokens.toString());
        assertThat(created.exitCode()).as(String.join("\n", created.errors())).isZero();
        String line = created.output().stream().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow();
        return line.substring("token: ".length()).strip();
    }

    private static int port(ChildProcess collector) throws IOException {
        String line = collector.awaitOutput(l -> LISTENING.matcher(l).find(), PATIENCE).orElseThrow(() ->
                new AssertionError("the collector did not start:\n" + String.join("\n", collector.errors)));
        Matcher matcher = LISTENING.matcher(line);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
