import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/logger.js';
import { stopAll, stopSignal } from './lifecycle.js';

/** Enough of `process` for signals and exit, recording the exit code instead of exiting. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  const proc = {
    once: (event: string, listener: (signal: NodeJS.Signals) => void) => {
      emitter.once(event, listener);
      return proc;
    },
    off: (event: string, listener: (signal: NodeJS.Signals) => void) => {
      emitter.off(event, listener);
      return proc;
    },
    exit: (code?: number) => {
      exits.push(code ?? 0);
    },
    signal: (name: NodeJS.Signals) => emitter.emit(name, name),
    exits,
  };
  return proc as typeof proc & Pick<NodeJS.Process, 'once' | 'off' | 'exit'>;
}

describe('run lifecycle', () => {
  it('resolves on the first signal and exits at once on a second one', async () => {
    const proc = fakeProcess();
    const stopped = stopSignal({ logger: silentLogger, deadlineMs: 30_000, process: proc });
    proc.signal('SIGTERM');
    expect(await stopped).toBe('SIGTERM');
    expect(proc.exits).toEqual([]);
    proc.signal('SIGINT');
    expect(proc.exits).toEqual([130]);
  });

  it('waits for every service, and reports one that failed to stop without skipping the others', async () => {
    const proc = fakeProcess();
    const stoppedNames: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const all = stopAll(
      [
        { name: 'digests', stop: () => slow.then(() => void stoppedNames.push('digests')) },
        { name: 'http', stop: () => Promise.reject(new Error('port already closed')) },
        { name: 'ingest', stop: async () => void stoppedNames.push('ingest') },
      ],
      { logger: silentLogger, deadlineMs: 30_000, process: proc },
    );
    await Promise.resolve();
    expect(stoppedNames).toEqual(['ingest']); // digests is still finishing its work in flight
    release();
    expect(await all).toBe(false);
    expect(stoppedNames.sort()).toEqual(['digests', 'ingest']);
    expect(proc.exits).toEqual([]);
  });
});
