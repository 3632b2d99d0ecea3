package io.layerx.store.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The open RocksDB instance, its column families and every native option object, closed together. */
final class RocksHandles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RocksHandles.class);
    private static final long BLOCK_CACHE_BYTES = 64L << 20;
    private static final long MAX_WAL_BYTES = 256L << 20;
    private static final long LOG_PERIODIC_COMPACTION_SECONDS = 24 * 3600;

    static {
        RocksDB.loadLibrary();
    }

    private final List<AbstractNativeReference> options;
    private final List<ColumnFamilyHandle> families;
    private final RocksDB db;
    private final WriteOptions syncWrite;

    private RocksHandles(List<AbstractNativeReference> options, List<ColumnFamilyHandle> families, RocksDB db,
            WriteOptions syncWrite) {
        this.options = options;
        this.families = families;
        this.db = db;
        this.syncWrite = syncWrite;
    }

    static RocksHandles open(Path dir) throws RocksDBException {
        List<AbstractNativeReference> options = new ArrayList<>();
        try {
            DBOptions db = own(options, new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                    .setMaxBackgroundJobs(2).setMaxTotalWalSize(MAX_WAL_BYTES).setKeepLogFileNum(3)
                    .setMaxLogFileSize(8L << 20).setInfoLogLevel(InfoLogLevel.WARN_LEVEL));
            LRUCache cache = own(options, new LRUCache(BLOCK_CACHE_BYTES));
            BloomFilter bloom = own(options, new BloomFilter(10));
            ColumnFamilyOptions kv = own(options, new ColumnFamilyOptions()
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom)));
            ColumnFamilyOptions log = own(options, new ColumnFamilyOptions()
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setPeriodicCompactionSeconds(LOG_PERIODIC_COMPACTION_SECONDS)
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)));
            ColumnFamilyOptions meta = own(options, new ColumnFamilyOptions()
                    .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)));
            List<ColumnFamilyDescriptor> descriptors = List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, meta),
                    new ColumnFamilyDescriptor(BinaryFormat.key("kv"), kv),
                    new ColumnFamilyDescriptor(BinaryFormat.key("log"), log),
                    new ColumnFamilyDescriptor(BinaryFormat.key("meta"), meta));
            List<ColumnFamilyHandle> families = new ArrayList<>();
            RocksDB rocks = RocksDB.open(db, dir.toString(), descriptors, families);
            WriteOptions sync = own(options, new WriteOptions().setSync(true));
            return new RocksHandles(options, families, rocks, sync);
        } catch (RocksDBException | RuntimeException e) {
            closeAll(options);
            throw e;
        }
    }

    private static <T extends AbstractNativeReference> T own(List<AbstractNativeReference> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle kv() {
        return families.get(1);
    }

    ColumnFamilyHandle log() {
        return families.get(2);
    }

    ColumnFamilyHandle meta() {
        return families.get(3);
    }

    /** Synced writes: a write returns once it is on disk. */
    WriteOptions syncWrite() {
        return syncWrite;
    }

    @Override
    public void close() {
        families.forEach(ColumnFamilyHandle::close);
        try {
            db.closeE();
        } catch (RocksDBException e) {
            LOG.warn("closing RocksDB reported a failure; committed data is safe in the write-ahead log", e);
        }
        closeAll(options);
    }

    private static void closeAll(List<AbstractNativeReference> resources) {
        for (AbstractNativeReference r : resources.reversed()) {
            r.close();
        }
    }
}
