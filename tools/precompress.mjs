// Compresses the release build's static files once, at build time, at the strongest settings
// (brotli 11, gzip 9), beside the originals: the server then sends these files as they are
// instead of compressing every download on the fly at a lower setting.
// Usage: node tools/precompress.mjs target/site/pkg
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2] ?? 'target/site/pkg';
const compressible = /\.(wasm|js|css|svg|json)$/;

for (const name of readdirSync(dir)) {
  if (!compressible.test(name)) continue;
  const file = join(dir, name);
  const source = readFileSync(file);
  const brotli = brotliCompressSync(source, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
    },
  });
  const gzip = gzipSync(source, { level: 9 });
  // Written beside and renamed into place, so a server reading meanwhile never sees half a file.
  for (const [suffix, bytes] of [['.br', brotli], ['.gz', gzip]]) {
    writeFileSync(`${file}${suffix}.tmp`, bytes);
    renameSync(`${file}${suffix}.tmp`, `${file}${suffix}`);
  }
  console.log(`${name}: ${source.length} bytes, brotli ${brotli.length}, gzip ${gzip.length}`);
}
