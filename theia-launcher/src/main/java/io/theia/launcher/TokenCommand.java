package io.theia.launcher;

import io.theia.core.internal.security.Role;
import io.theia.core.internal.security.TokenFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code theia token}: makes bearer tokens for a collector's token file ({@code docs/security.md}). */
@Command(name = "token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage the collector's access tokens.", subcommands = TokenCommand.Create.class)
final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: e.g. 'theia token create NAME --roles "
                + "ingest'");
    }

    /**
     * {@code theia token create NAME --roles ROLES [--file FILE]}: prints a new token once, and its token-file line
     * (only the token's SHA-256), appending the line to {@code FILE} when given.
     */
    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Create a token: prints it once (keep it, it is not stored anywhere) and the line for the "
                    + "collector's token file, which holds only its SHA-256.")
    static final class Create implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME",
                description = "The token's name, shown in logs and metrics (letters, digits, ._@-).")
        String name;

        @Option(names = {"-r", "--roles"}, paramLabel = "ROLES", required = true,
                description = "Comma-separated roles: ingest (/event), query (/find, /live), admin (/metrics).")
        String roles;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE",
                description = "Append the line to this token file (created readable by its owner only).")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Set<Role> parsed;
            String token = TokenFile.newToken();
            String line;
            try {
                parsed = TokenFile.roles(roles);
                line = TokenFile.line(name, parsed, token);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (file != null) {
                append(file, line);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("token: " + token);
            out.println(file == null ? "token file line: " + line : "appended to " + file + ": " + line);
            out.flush();
            return 0;
        }

        private void append(Path tokens, String line) throws IOException {
            if (Files.exists(tokens)) {
                // refuse to make a file the collector would refuse, and a second token of the same name
                List<String> lines = Files.readAllLines(tokens, StandardCharsets.UTF_8);
                TokenFile existing = TokenFile.parse(lines, tokens.toString());
                if (existing.entries().stream().anyMatch(entry -> entry.name().equals(name))) {
                    throw new ParameterException(spec.commandLine(), tokens + " already has a token named '" + name
                            + "'");
                }
                String separator = lines.isEmpty() || Files.readString(tokens).endsWith("\n") ? "" : "\n";
                Files.writeString(tokens, separator + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } else {
                try {
                    Files.createFile(tokens, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(tokens);
                }
                Files.writeString(tokens, "# theia tokens: NAME ROLES sha256:HEX (docs/security.md)\n" + line + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            }
        }
    }
}
