package io.theia.store.naive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What opening a data directory finds: its data files with their spans, and the id index.
 *
 * <p>Lists the directory (every name {@code <digits>-<digits>} is a data file, as the original does), removes
 * stray temporary files, takes what {@code .theia/catalog} still vouches for and reads the rest of each file
 * with {@link TornRecordRecovery}.
 *
 * @param catalog the data files
 * @param index the id index
 */
record StoreOpening(DataFileCatalog catalog, IdIndex index) {

    private static final Logger LOG = LoggerFactory.getLogger(StoreOpening.class);

    /** Opens a data directory, creating it when missing. */
    static StoreOpening load(Path dataDir, Path metaDir) throws IOException {
        Files.createDirectories(dataDir);
        Path tmpDir = metaDir.resolve("tmp");
        Files.createDirectories(tmpDir);
        removeStrayTemporaryFiles(tmpDir);

        DataFileCatalog catalog = new DataFileCatalog(dataDir);
        Map<DataFile, BasicFileAttributes> found = new HashMap<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dataDir)) {
            for (Path path : listing) {
                DataFileName name = DataFileName.parse(path.getFileName().toString());
                if (name == null) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    found.put(catalog.add(name), attributes);
                }
            }
        }

        IdIndex index = new IdIndex();
        Map<DataFile, Long> covered = new HashMap<>();
        try {
            CatalogSnapshot.read(metaDir.resolve("catalog"), entry -> {
                DataFileName name = DataFileName.parse(entry.name());
                DataFile file = name == null ? null : catalog.byName(name);
                BasicFileAttributes attributes = file == null ? null : found.get(file);
                if (attributes == null || !entry.fileKey().equals(String.valueOf(attributes.fileKey()))
                        || entry.length() > attributes.size()) {
                    return null;
                }
                file.minTimestamp = entry.min();
                file.maxTimestamp = entry.max();
                file.records = entry.records();
                file.sorted = entry.sorted();
                covered.put(file, entry.length());
                return file;
            }, index);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: the catalog snapshot could not be read ({}); every data file is read again",
                    metaDir.resolve("catalog"), e.toString());
            index = new IdIndex();
            covered.clear();
            for (DataFile file : catalog.files()) {
                file.minTimestamp = null;
                file.maxTimestamp = null;
                file.records = 0;
                file.sorted = true;
            }
        }

        for (DataFile file : catalog.files()) {
            long from = covered.getOrDefault(file, 0L);
            long size = found.get(file).size();
            if (from == size) {
                file.length = size;
            } else {
                TornRecordRecovery.scan(file, from, index);
            }
        }
        return new StoreOpening(catalog, index);
    }

    private static void removeStrayTemporaryFiles(Path tmpDir) throws IOException {
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(tmpDir)) {
            for (Path stray : listing) {
                LOG.info("removing stray temporary file {}", stray);
                Files.deleteIfExists(stray);
            }
        }
    }
}
