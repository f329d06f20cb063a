package io.theia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * One vocabulary (docs/cli.md): every command that talks to or is a collector takes {@code -H/--host} and
 * {@code -P/-p/--port}; the clients also {@code --collector}; the original's spellings keep working.
 */
class CliVocabularyTest {

    @ParameterizedTest(name = "{0} {1} h {2} 7")
    @CsvSource({
        "collect,  -H,                 -P",
        "collect,  --host,             --port",
        "collect,  --host,             -p",
        "watch,    -c,                 -p",
        "watch,    --collector-server, --collector-port",
        "watch,    --collector,        --port",
        "watch,    --host,             -P",
        "watch,    -H,                 --port",
        "query,    -H,                 -P",
        "query,    --host,             --port",
        "query,    --collector,        -p",
        "simulate, -H,                 -p",
        "simulate, --collector,        --port",
        "simulate, --host,             -P",
    })
    void hostAndPortHaveTheSameNamesInEveryCommand(String command, String host, String port) {
        List<String> args = command.equals("watch") ? List.of(command, host, "h", port, "7", "-f", "x.log")
                : List.of(command, host, "h", port, "7");

        ParseResult parsed = new CommandLine(new TheiaCommand()).parseArgs(args.toArray(String[]::new));

        ParseResult sub = parsed.subcommand();
        assertThat(sub.commandSpec().name()).isEqualTo(command);
        Object hostValue = sub.matchedOptionValue(host, null);
        // query takes several collectors: its host option is a list.
        assertThat(hostValue instanceof List<?> hostList ? hostList : List.of(hostValue)).containsExactly("h");
        assertThat((Integer) sub.matchedOptionValue(port, null)).isEqualTo(7);
        assertThat(sub.matchedOption("--host")).as("--host names the same option as " + host)
                .isSameAs(sub.matchedOption(host));
        assertThat(sub.matchedOption("--port")).as("--port names the same option as " + port)
                .isSameAs(sub.matchedOption(port));
    }
}
