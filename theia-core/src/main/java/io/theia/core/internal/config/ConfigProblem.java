package io.theia.core.internal.config;

/**
 * One thing wrong with the configuration.
 *
 * @param path where, e.g. {@code store.dataDir} or {@code sources[1].paths}
 * @param owner who reads that setting, e.g. {@code theia core} or {@code plugin theia-store-naive (store type naive)}
 * @param message what is wrong, and what would be right
 */
public record ConfigProblem(String path, String owner, String message) {

    @Override
    public String toString() {
        return path + " (" + owner + "): " + message;
    }
}
