package io.theia.watcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the files a source follows: the literal paths that exist, the files matching each glob, and every file
 * directly in each configured directory, minus the excluded ones; and the directories worth watching for changes.
 *
 * <p>Globs use {@link FileSystem#getPathMatcher} syntax on absolute paths, except that {@code /**}{@code /} also
 * matches no directory at all ({@code logs/**}{@code /*.log} finds {@code logs/a.log} too). Immutable and
 * thread-safe; each {@link #scan()} looks at the file system afresh.
 */
final class FileDiscovery {

    /** What a scan found: the files to follow and the directories whose changes matter. */
    record Scan(Set<Path> files, Set<Path> directories) {
    }

    private final List<Path> literals = new ArrayList<>();
    private final List<Glob> globs = new ArrayList<>();
    private final List<Path> directories;
    private final List<PathMatcher> excludedPaths = new ArrayList<>();
    private final List<PathMatcher> excludedNames = new ArrayList<>();
    private final Path ignored;

    /**
     * A discovery.
     *
     * @param ignored a directory whose files are never followed (the checkpoint directory)
     */
    FileDiscovery(List<String> paths, List<Path> directories, List<String> exclude, Path ignored) {
        FileSystem fileSystem = FileSystems.getDefault();
        for (String path : paths) {
            if (isGlob(path)) {
                globs.add(Glob.of(absolute(path)));
            } else {
                literals.add(Path.of(path).toAbsolutePath().normalize());
            }
        }
        this.directories = directories.stream().map(dir -> dir.toAbsolutePath().normalize()).toList();
        for (String pattern : exclude) {
            if (pattern.indexOf('/') >= 0) {
                excludedPaths.add(fileSystem.getPathMatcher("glob:" + absolute(pattern)));
            } else {
                excludedNames.add(fileSystem.getPathMatcher("glob:" + pattern));
            }
        }
        this.ignored = ignored.toAbsolutePath().normalize();
    }

    /** Looks for the files now. Files that cannot be listed (no permission) are skipped. */
    Scan scan() {
        Set<Path> files = new TreeSet<>();
        Set<Path> watched = new TreeSet<>();
        for (Path literal : literals) {
            if (Files.isRegularFile(literal) && included(literal)) {
                files.add(literal);
            }
            Path parent = literal.getParent();
            if (parent != null && Files.isDirectory(parent)) {
                watched.add(parent);
            }
        }
        for (Glob glob : globs) {
            glob.walk(this, files, watched);
        }
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            watched.add(directory);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    if (Files.isRegularFile(entry) && included(entry)) {
                        files.add(entry);
                    }
                }
            } catch (IOException e) {
                // unreadable directory: nothing found there this time
            }
        }
        return new Scan(files, watched);
    }

    /**
     * Whether a file of this name would be followed if it existed: a configured path, a match of a glob, or a file
     * directly in a configured directory, and not excluded. A checkpoint of a file no longer covered (the source's
     * paths were narrowed) is not resumed.
     */
    boolean covers(Path file) {
        Path path = file.toAbsolutePath().normalize();
        boolean named = literals.contains(path) || globs.stream().anyMatch(glob -> glob.matches(path))
                || (path.getParent() != null && directories.contains(path.getParent()));
        return named && included(path);
    }

    private boolean included(Path file) {
        if (file.startsWith(ignored)) {
            return false;
        }
        Path name = file.getFileName();
        return excludedPaths.stream().noneMatch(matcher -> matcher.matches(file))
                && excludedNames.stream().noneMatch(matcher -> name != null && matcher.matches(name));
    }

    static boolean isGlob(String path) {
        return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static String absolute(String pattern) {
        if (pattern.startsWith("/")) {
            return pattern;
        }
        String base = Path.of("").toAbsolutePath().toString();
        return base.endsWith("/") ? base + pattern : base + "/" + pattern;
    }

    /** A glob: the directory before its first wildcard, how deep below it to look, and its matchers. */
    private record Glob(Path base, int maxDepth, List<PathMatcher> matchers) {

        static Glob of(String pattern) {
            String[] segments = pattern.split("/", -1);
            StringBuilder base = new StringBuilder();
            int first = 0;
            while (first < segments.length - 1 && !isGlob(segments[first])) {
                base.append(segments[first]).append('/');
                first++;
            }
            boolean anyDepth = false;
            for (int i = first; i < segments.length; i++) {
                anyDepth |= segments[i].contains("**");
            }
            Path basePath = Path.of(base.length() == 0 ? "/" : base.toString()).normalize();
            // Match against normalized paths: write the fixed part of the pattern the same way.
            String rest = String.join("/", List.of(segments).subList(first, segments.length));
            String normalized = basePath.toString().endsWith("/") ? basePath + rest : basePath + "/" + rest;
            List<PathMatcher> matchers = new ArrayList<>();
            for (String variant : variants(normalized)) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
            }
            return new Glob(basePath, anyDepth ? Integer.MAX_VALUE : segments.length - first, matchers);
        }

        /** The pattern, and the pattern with each {@code /**}{@code /} also read as {@code /}. */
        private static Set<String> variants(String pattern) {
            Set<String> variants = new TreeSet<>();
            variants.add(pattern);
            int index = pattern.indexOf("/**/");
            while (index >= 0) {
                for (String shorter : variants(pattern.substring(0, index) + pattern.substring(index + 3))) {
                    variants.add(shorter);
                }
                index = pattern.indexOf("/**/", index + 1);
            }
            return variants;
        }

        void walk(FileDiscovery discovery, Set<Path> files, Set<Path> watched) {
            if (!Files.isDirectory(base)) {
                return;
            }
            try {
                Files.walkFileTree(base, EnumSet.noneOf(FileVisitOption.class), maxDepth,
                        new SimpleFileVisitor<>() {
                            @Override
                            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                                if (dir.startsWith(discovery.ignored)) {
                                    return FileVisitResult.SKIP_SUBTREE;
                                }
                                watched.add(dir);
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                                if (matches(file) && Files.isRegularFile(file) && discovery.included(file)) {
                                    files.add(file);
                                }
                                return FileVisitResult.CONTINUE;
                            }

                            @Override
                            public FileVisitResult visitFileFailed(Path file, IOException e) {
                                return FileVisitResult.CONTINUE;
                            }
                        });
            } catch (IOException e) {
                // the base vanished during the walk: found what was there
            }
        }

        private boolean matches(Path file) {
            for (PathMatcher matcher : matchers) {
                if (matcher.matches(file)) {
                    return true;
                }
            }
            return false;
        }
    }
}
