// Optimizes WebAssembly modules for size in place, as `wasm-opt -Oz --enable-bulk-memory
// --enable-nontrapping-float-to-int` does, with the same binaryen (npm, 132). The command-line
// wasm-opt is binaryen compiled to WebAssembly: every run first compiles its own 10 MB, which
// cost a second or more for each of what were ~330 split modules, and the compiler's optimized code
// never lasted long enough to be used. Here each of two workers loads binaryen once and takes
// modules largest first from one queue. Its output is byte for byte what the command line writes
// (checked on every module of this app when it was introduced).
// Usage: node tools/wasm-opt-all.mjs file.wasm...
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

if (isMainThread) {
  const queue = process.argv
    .slice(2)
    .map((file) => ({ file, size: statSync(file).size }))
    .sort((a, b) => b.size - a.size)
    .map(({ file }) => file);
  const workers = Math.max(1, Math.min(2, availableParallelism(), queue.length));
  let failed = false;
  const runs = Array.from({ length: workers }, () => new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url));
    const next = () => {
      const file = failed ? undefined : queue.shift();
      if (file === undefined) {
        worker.terminate().then(resolve);
      } else {
        worker.postMessage(file);
      }
    };
    worker.on('message', ({ file, error }) => {
      if (error !== undefined) {
        console.error(`wasm-opt-all: ${file}: ${error}`);
        failed = true;
      }
      next();
    });
    worker.on('error', (error) => {
      console.error(`wasm-opt-all: ${error.stack ?? error}`);
      failed = true;
      resolve();
    });
    next();
  }));
  await Promise.all(runs);
  process.exitCode = failed ? 1 : 0;
} else {
  // rustc writes a name subsection binaryen does not know (id 3, labels), once per module: 330
  // lines that say nothing about our code.
  const printError = console.error.bind(console);
  console.error = (...words) => {
    if (!String(words[0]).startsWith('warning: unknown name subsection')) printError(...words);
  };
  const { default: binaryen } = await import('binaryen');
  // What the command line's -Oz sets: the default passes at optimize level 2 and shrink level 2,
  // and the stack IR optimized as the binary is written (without it, 0.3% larger).
  binaryen.setOptimizeLevel(2);
  binaryen.setShrinkLevel(2);
  binaryen.setGenerateStackIR(true);
  binaryen.setOptimizeStackIR(true);
  binaryen.setDebugInfo(false);
  parentPort.on('message', (file) => {
    try {
      const module = binaryen.readBinary(readFileSync(file));
      try {
        module.setFeatures(module.getFeatures() | binaryen.Features.BulkMemory | binaryen.Features.NontrappingFPToInt);
        if (!module.validate()) throw new Error('the module does not validate');
        module.optimize();
        writeFileSync(file, module.emitBinary());
      } finally {
        module.dispose();
      }
      parentPort.postMessage({ file });
    } catch (error) {
      parentPort.postMessage({ file, error: String(error) });
    }
  });
}
