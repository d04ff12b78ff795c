/** Small helpers for the benchmark: percentiles, concurrency pools, the machine's description. */
import { cpus, totalmem } from 'node:os';

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Runs `total` tasks with `concurrency` workers; returns each task's latency in ms and the wall time. */
export async function pool(total: number, concurrency: number, task: (index: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        const begin = performance.now();
        await task(index);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

export const machine = () => ({
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
});

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The sides of a benchmark in round `index`'s order: each one goes first in turn, so drift over the run falls on all alike. */
export const rotation = <Side>(sides: readonly Side[], index: number): Side[] => sides.map((_, offset) => sides[(index + offset) % sides.length]!);
