package io.theia.core.internal.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostServicesTest {

    @Test
    void aProcesssServicesExposeJvmProcessAndBuildMetrics() {
        String scraped = HostServices.defaults().metrics().scrape();

        assertThat(scraped).contains("jvm_memory_used_bytes", "jvm_gc_max_data_size_bytes", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "process_files_open_files",
                "theia_build_info{version=\"" + ProcessMetrics.version() + "\"} 1");
    }
}
