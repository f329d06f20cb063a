package io.theia.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof io.theia.bench.CpuTimeProfiler}) that reports operations per CPU-second of the
 * benchmark JVM, all its threads included (JIT, GC).
 *
 * <p>On a machine whose cores are shared with other work, wall-clock throughput says as much about the
 * neighbours as about the code; CPU time is what one core spends per operation. It errs on the slow side: GC
 * and compiler threads count against the benchmark.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean system =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuNanosAtStart;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark JVM, all threads included";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuNanosAtStart = system.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's InternalProfiler declares the raw Result
    public Collection<? extends Result> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        double cpuNanos = system.getProcessCpuTime() - cpuNanosAtStart;
        double operations = result.getMetadata().getAllOps();
        return List.of(
                new ScalarResult("cpu.ops/s", operations / cpuNanos * 1e9, "ops/cpu-s", AggregationPolicy.AVG),
                new ScalarResult("cpu.ns/op", cpuNanos / operations, "ns/op", AggregationPolicy.AVG));
    }
}
