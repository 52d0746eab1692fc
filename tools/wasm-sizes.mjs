// What each page costs the browser in WebAssembly, after a split build (`cargo leptos build
// --release --split`) and `tools/precompress.mjs`: the main module every page loads, plus the
// module of the page's group and the shared chunks it needs (from the split manifest), raw and
// brotli, and how many files that is (on a phone's network each costs a round trip). In the
// islands build (`scripts/build-site.sh`, the build users get) the modules are those of the groups
// of live parts, and a page loads the groups of all its live parts: those pages are listed after.
// The whole-page build (`scripts/build-site.sh --whole-page`) is reported by its groups of pages.
// Usage: node tools/wasm-sizes.mjs target/site/pkg
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/site/pkg';
const size = (name) => {
  const file = join(dir, name);
  const brotli = existsSync(`${file}.br`) ? statSync(`${file}.br`).size : NaN;
  return { raw: statSync(file).size, brotli };
};
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const main = size('zorgvuldig.wasm');
const glue = size('zorgvuldig.js');
console.log(`main module (every page): ${kB(main.raw)} raw, ${kB(main.brotli)} brotli; script ${kB(glue.brotli)} brotli`);

const manifestFile = join(dir, '__wasm_split_manifest.json');
if (!existsSync(manifestFile)) {
  console.log('no split manifest: the build was not split (scripts/build-site.sh)');
  process.exit(0);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const loader = size('__wasm_split.______________________.js');
// The targets of issue 12, for the routes a visitor meets first.
const targets = { sign_in: 200, kiosk: 250 };
// What a module list costs beside the main module and the scripts every page loads.
const cost = (parts) => {
  const own = [...new Set(parts)].map((part) => size(`${part}.wasm`));
  return {
    modules: own.length,
    raw: main.raw + own.reduce((sum, part) => sum + part.raw, 0),
    brotli: main.brotli + glue.brotli + loader.brotli + own.reduce((sum, part) => sum + part.brotli, 0),
  };
};
const print = (title, rows, goals = targets) => {
  console.log(`${title.padEnd(45)}raw        brotli   target`);
  for (const { route, modules, raw, brotli } of rows.sort((a, b) => a.brotli - b.brotli)) {
    const target = goals[route];
    const verdict = target === undefined ? '' : `at most ${target} kB: ${brotli / 1000 <= target ? 'met' : 'NOT MET'}`;
    console.log(`${route.padEnd(22)} ${String(modules).padStart(3)} modules  ${kB(raw).padStart(10)}  ${kB(brotli).padStart(10)}   ${verdict}`);
  }
};
const splits = Object.entries(manifest).map(([split, parts]) => ({ route: split.replace(/_\d+$/, ''), parts }));
const islands = splits.some(({ route }) => route.endsWith('_loader'));
if (!islands) {
  print('pages (main + their modules + scripts)', splits.map(({ route, parts }) => ({ route, ...cost(parts) })));
} else {
  // The live parts are in the modules of their groups (tools/site-build's LIVE_PART_GROUPS);
  // each live part's own name lists its group's files, for the server.
  const groups = splits.filter(({ route }) => !route.endsWith('_loader'));
  print('groups of live parts (main + their modules + scripts)', groups.map(({ route, parts }) => ({ route, ...cost(parts) })), {});
  // The groups each page loads: every signed-in page has the frame, in the client list's group;
  // the sign-in page's live parts are a group of their own.
  const pages = { sign_in: ['sign_in_page'], kiosk: ['kiosk'], clients: ['clients'], intake: ['clients', 'intake'], dossier: ['clients', 'dossier'], practice: ['clients', 'practice'] };
  const partsOf = (name) => groups.find(({ route }) => route === name)?.parts;
  const rows = Object.entries(pages)
    .filter(([, live]) => live.every(partsOf))
    .map(([route, live]) => ({ route, ...cost(live.flatMap(partsOf)) }));
  print('pages (main + their groups + scripts)', rows);
}
